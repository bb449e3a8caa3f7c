"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

// Filters and the selection live in the URL, so a view can be shared: ?accounts=a,b&regions=r&states=
// down,confirming&types=private&q=101&selected=dxvif-....

export interface ViewState {
  accounts: string[];
  regions: string[];
  states: string[];
  types: string[];
  q: string;
  selected: string | null;
}

const list = (value: string | null) => (value ? value.split(",").filter(Boolean) : []);

export function useViewState(): [ViewState, (change: Partial<ViewState>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const view = useMemo<ViewState>(
    () => ({
      accounts: list(params.get("accounts")),
      regions: list(params.get("regions")),
      states: list(params.get("states")),
      types: list(params.get("types")),
      q: params.get("q") ?? "",
      selected: params.get("selected"),
    }),
    [params],
  );
  const update = useCallback(
    (change: Partial<ViewState>) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(change)) {
        const text = Array.isArray(value) ? value.join(",") : (value ?? "");
        if (text) next.set(key, text);
        else next.delete(key);
      }
      const query = next.toString();
      // The History API updates useSearchParams without a round trip to the server (Next 14.1+).
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [params, pathname],
  );
  return [view, update];
}
