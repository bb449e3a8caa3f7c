"use client";

import { useEffect, useState } from "react";

import type { DxTopology } from "@/lib/dx/types";
import type { ResilienceTarget } from "@/lib/resilience/types";

import { useTopology } from "../use-topology";
import { whenIdle } from "../when-idle";
import type * as AnalysisOf from "./analysis-of";

// The analysis's code is in no page's first load (the header's counts are on every page): it loads
// when the analysis first runs, once the browser is idle after the first snapshot is drawn.
let loaded: typeof AnalysisOf | undefined;
const load = () =>
  import("./analysis-of").then((m) => {
    loaded = m;
    return m;
  });

/** Until the map's first draw, if the page is drawing one: analyses wait for it. */
let firstDraw: Promise<void> | undefined;
let firstDrawn: (() => void) | undefined;
/** The longest an analysis waits for the map's first draw. */
const FIRST_DRAW_WAIT_MS = 10_000;

/**
 * Holds every analysis (the header's counts, the map's marks) until the returned function is called:
 * the map, once it has drawn its first view. At XL that draw is a render of seconds that React slices
 * into tasks, waiting on code and data in between; an analysis (200 ms there) started in such a gap
 * delayed the map's first paint by as much. Only the page's first draw is held.
 */
export function holdAnalysesForFirstDraw(): () => void {
  firstDraw ??= new Promise<void>((resolve) => {
    firstDrawn = resolve;
    setTimeout(resolve, FIRST_DRAW_WAIT_MS);
  });
  return () => firstDrawn?.();
}

/**
 * The hold on analyses, if any. On the map's page it is taken from the first analysis asked for: the
 * header (its Resilience counts) hydrates before the map's Suspense boundary renders and takes the
 * hold, and an analysis it started then ran in the first idle moment after the map's first frame,
 * before React Flow's code (230 ms at XL), keeping the map from panning for as long.
 */
function firstDrawHold(): Promise<void> | undefined {
  if (!firstDraw && typeof window !== "undefined" && window.location.pathname === "/")
    holdAnalysesForFirstDraw();
  return firstDraw;
}

/**
 * A snapshot's analysis, made when the browser is next idle after the snapshot is drawn (at most a
 * second later): a poll's new states reach their badges first, and the analysis (tens of ms at L)
 * never delays them. Until the first is made: undefined; after that, the last one made.
 */
export function useAnalysis(data: DxTopology | undefined): ResilienceTarget[] | undefined {
  const [made, setMade] = useState<ResilienceTarget[] | undefined>(undefined);
  const ready = data ? loaded?.madeFor(data) : undefined;
  useEffect(() => {
    if (!data || loaded?.madeFor(data)) return;
    let cancelled = false;
    let cancel: (() => void) | undefined;
    const start = () => {
      if (cancelled) return;
      cancel = whenIdle(
        () =>
          void load().then((m) => {
            if (!cancelled) setMade(m.analysisOf(data));
          }),
        1_000,
        50,
      );
    };
    const hold = firstDrawHold();
    if (hold) void hold.then(start);
    else start();
    return () => {
      cancelled = true;
      cancel?.();
    };
  }, [data]);
  return ready ?? made;
}

/**
 * The polled topology and its resilience analysis, made in the browser from the same snapshot (the
 * analysis is pure: GET /api/resilience answers the same for scripts). `targets` is undefined until
 * the first analysis is made.
 */
export function useResilience() {
  const query = useTopology();
  return { ...query, targets: useAnalysis(query.data) };
}
