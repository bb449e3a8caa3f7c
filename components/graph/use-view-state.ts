"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

// Filters and the selection live in the URL, so a view can be shared: ?accounts=a,b&regions=r&states=
// down,confirming&types=private&q=101&selected=dxvif-.... The page reads them once on load; after that
// React state is the source of truth (a control answers at once) and the URL follows it.

export interface ViewState {
  accounts: string[];
  regions: string[];
  states: string[];
  types: string[];
  q: string;
  selected: string | null;
}

/** A comma-separated list of the URL (accounts=a,b), as the map and the table read it. */
export const list = (value: string | null) => (value ? value.split(",").filter(Boolean) : []);

/** A view as URL parameters: lists comma-separated, empty ones left out. */
export function toQuery(view: object): string {
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries(view)) {
    const text = Array.isArray(value) ? value.join(",") : (value ?? "");
    if (text) next.set(key, text);
  }
  return next.toString();
}

export function useViewState(): [ViewState, (change: Partial<ViewState>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const [view, setView] = useState<ViewState>(() => ({
    accounts: list(params.get("accounts")),
    regions: list(params.get("regions")),
    states: list(params.get("states")),
    types: list(params.get("types")),
    q: params.get("q") ?? "",
    selected: params.get("selected"),
  }));
  const update = useCallback(
    (change: Partial<ViewState>) => {
      setView((current) => {
        const next = { ...current, ...change };
        const query = toQuery(next);
        // The History API: no round trip to the server, and Next.js keeps its router in step.
        window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
        return next;
      });
    },
    [pathname],
  );
  return [view, update];
}
