"use client";

import { useEffect, useState } from "react";

import type { DxTopology } from "@/lib/dx/types";
import { analyzeResilience } from "@/lib/resilience/analysis";
import type { ResilienceTarget } from "@/lib/resilience/types";

import { useTopology } from "../use-topology";

// The header, the page and the map each ask for the same snapshot's analysis: made once per snapshot.
const analysed = new WeakMap<DxTopology, ResilienceTarget[]>();

export function analysisOf(topology: DxTopology): ResilienceTarget[] {
  let targets = analysed.get(topology);
  if (!targets) {
    targets = analyzeResilience(topology);
    analysed.set(topology, targets);
  }
  return targets;
}

/**
 * A snapshot's analysis, made when the browser is next idle after the snapshot is drawn (at most a
 * second later): a poll's new states reach their badges first, and the analysis (tens of ms at L)
 * never delays them. Until the first is made: undefined; after that, the last one made.
 */
export function useAnalysis(data: DxTopology | undefined): ResilienceTarget[] | undefined {
  const [made, setMade] = useState<ResilienceTarget[] | undefined>(undefined);
  const ready = data ? analysed.get(data) : undefined;
  useEffect(() => {
    if (!data || analysed.has(data)) return;
    const run = () => setMade(analysisOf(data));
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(run, { timeout: 1_000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(run, 50);
    return () => clearTimeout(id);
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
