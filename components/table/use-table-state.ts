"use client";

import type { ReadonlyURLSearchParams } from "next/navigation";

import { TABLE_KINDS, type SortDirection, type TableKind } from "@/lib/topology/table";

import { list } from "../graph/use-view-state";
import { readSort, sortParams, useUrlState } from "../use-url-state";

// The table's view in the URL, with the map's names for what they share (accounts=, regions=,
// states=, types=, q=), so a filtered link means the same on both pages; kind=, sort= and dir= are
// the table's own.

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

function read(params: ReadonlyURLSearchParams): TableState {
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
    ...readSort(params),
  };
}

// The defaults stay out of the URL: /table is the interfaces in the estate's order.
const write = (state: TableState) => ({
  ...state,
  kind: state.kind === "interfaces" ? "" : state.kind,
  ...sortParams(state),
});

export function useTableState(): [TableState, (change: Partial<TableState>) => void] {
  return useUrlState(read, write);
}
