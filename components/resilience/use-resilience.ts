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
    const cancel = whenIdle(
      () =>
        void load().then((m) => {
          if (!cancelled) setMade(m.analysisOf(data));
        }),
      1_000,
      50,
    );
    return () => {
      cancelled = true;
      cancel();
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
