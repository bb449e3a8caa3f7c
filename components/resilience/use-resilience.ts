"use client";

import { useDeferredValue, useMemo } from "react";

import type { DxTopology } from "@/lib/dx/types";
import { analyzeResilience } from "@/lib/resilience/analysis";
import type { ResilienceTarget } from "@/lib/resilience/types";

import { useTopology } from "../use-topology";

const NONE: ResilienceTarget[] = [];

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
 * The polled topology and its resilience analysis, made in the browser from the same snapshot (the
 * analysis is pure: GET /api/resilience answers the same for scripts). The analysis follows the
 * topology a render later, so that a poll's new states reach their badges first.
 */
export function useResilience() {
  const query = useTopology();
  const data = useDeferredValue(query.data);
  const targets = useMemo(() => (data ? analysisOf(data) : NONE), [data]);
  return { ...query, targets };
}
