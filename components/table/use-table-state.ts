"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

import { TABLE_KINDS, type SortDirection, type TableKind } from "@/lib/topology/table";

import { list, toQuery } from "../graph/use-view-state";

// The table's view in the URL, with the map's names for what they share (accounts=, regions=,
// states=, types=, q=), so a filtered link means the same on both pages; kind=, sort= and dir= are
// the table's own. Read once on load; then React state leads and the URL follows (use-view-state.ts).

export interface TableState {
  kind: TableKind;
  accounts: string[];
  regions: string[];
  states: string[];
  types: string[];
  q: string;
  /** The column sorted on (its key), or "" for the order of the estate, best matches first. */
  sort: string;
  dir: SortDirection;
}

export function useTableState(): [TableState, (change: Partial<TableState>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const [state, setState] = useState<TableState>(() => {
    const kind = params.get("kind");
    return {
      kind: (TABLE_KINDS as readonly string[]).includes(kind ?? "")
        ? (kind as TableKind)
        : "interfaces",
      accounts: list(params.get("accounts")),
      regions: list(params.get("regions")),
      states: list(params.get("states")),
      types: list(params.get("types")),
      q: params.get("q") ?? "",
      sort: params.get("sort") ?? "",
      dir: params.get("dir") === "desc" ? "desc" : "asc",
    };
  });
  const update = useCallback(
    (change: Partial<TableState>) => {
      setState((current) => {
        const next = { ...current, ...change };
        // The defaults stay out of the URL: /table is the interfaces in the estate's order.
        const query = toQuery({
          ...next,
          kind: next.kind === "interfaces" ? "" : next.kind,
          dir: next.sort && next.dir === "desc" ? "desc" : "",
        });
        window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
        return next;
      });
    },
    [pathname],
  );
  return [state, update];
}
