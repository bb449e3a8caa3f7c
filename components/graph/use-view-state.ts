"use client";

import { usePathname, useSearchParams, type ReadonlyURLSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";

import { list } from "@/lib/topology/url-params";

// Filters and the selection live in the URL, so a view can be shared: ?accounts=a,b&regions=r&states=
// down,confirming&types=private&q=101&selected=dxvif-...&mode=overview&open=us-east-1/EqDC2. The page reads them on load; after that
// React state is the source of truth (a control answers at once) and the URL follows it. Choosing
// another resource is a step in the browser's history (Back returns to the one before); a filter or a
// search replaces the current step. Back and Forward set the view from the URL they return to.

export interface ViewState {
  accounts: string[];
  regions: string[];
  states: string[];
  types: string[];
  q: string;
  selected: string | null;
  /** The overview or the detailed map; "" until chosen (the page picks by the estate's size). */
  mode: "" | MapMode;
  /** What is open on the overview: locations (region/code) and connections or LAGs (by id). */
  open: string[];
  /** Single points of failure outlined on the map (spof=1). */
  spof: boolean;
}

export type MapMode = "overview" | "detail";
const MODES: readonly string[] = ["overview", "detail"] satisfies MapMode[];

/** A comma-separated list of the URL (accounts=a,b), as the map and the table read it. */
export { list };

function fromParams(params: URLSearchParams | ReadonlyURLSearchParams): ViewState {
  return {
    accounts: list(params.get("accounts")),
    regions: list(params.get("regions")),
    states: list(params.get("states")),
    types: list(params.get("types")),
    q: params.get("q") ?? "",
    selected: params.get("selected"),
    mode: MODES.includes(params.get("mode") ?? "") ? (params.get("mode") as MapMode) : "",
    open: list(params.get("open")),
    spof: params.get("spof") === "1",
  };
}

/** A view as URL parameters: lists comma-separated, empty ones left out. */
export function toQuery(view: object): string {
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries(view)) {
    const text = Array.isArray(value)
      ? value.join(",")
      : typeof value === "boolean"
        ? value
          ? "1"
          : ""
        : (value ?? "");
    if (text) next.set(key, text);
  }
  return next.toString();
}

/**
 * The view and a function that changes it. `onTraverse` hears of each view Back or Forward set (the
 * map brings its selection into view again).
 */
export function useViewState(
  onTraverse: (view: ViewState) => void = () => {},
): [ViewState, (change: Partial<ViewState>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const [view, setView] = useState<ViewState>(() => fromParams(params));
  // What was last set, for an update that follows another before React renders.
  const latest = useRef(view);
  const update = useCallback(
    (change: Partial<ViewState>) => {
      const current = latest.current;
      const next = { ...current, ...change };
      const query = toQuery(next);
      if (query === toQuery(current)) return;
      const url = query ? `${pathname}?${query}` : pathname;
      // The History API: no round trip to the server, and Next.js keeps its router in step.
      if (next.selected && next.selected !== current.selected)
        window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
      latest.current = next;
      setView(next);
    },
    [pathname],
  );
  const traverse = useRef(onTraverse);
  useEffect(() => {
    traverse.current = onTraverse;
  });
  // Back or Forward: the URL changed under the view.
  useEffect(() => {
    const onPop = () => {
      const fromUrl = fromParams(new URLSearchParams(window.location.search));
      if (toQuery(latest.current) !== toQuery(fromUrl)) {
        latest.current = fromUrl;
        setView(fromUrl);
      }
      traverse.current(fromUrl);
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  return [view, update];
}
