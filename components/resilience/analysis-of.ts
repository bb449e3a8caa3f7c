import type { DxTopology } from "@/lib/dx/types";
import { AnalysisMemo, analyzeResilience } from "@/lib/resilience/analysis";
import type { ResilienceTarget } from "@/lib/resilience/types";

// The header, the page, the map and a node's details each ask for the same snapshot's analysis: made
// once per snapshot. Loaded with the details' code, or by useAnalysis when it first runs the analysis.
const analysed = new WeakMap<DxTopology, ResilienceTarget[]>();
// A poll's snapshot shares every unchanged resource with the one before: its analysis redoes only the
// targets whose interfaces, sessions, connections or LAGs changed.
const memo = new AnalysisMemo();

/** The snapshot's analysis, made now if it was not yet. */
export function analysisOf(topology: DxTopology): ResilienceTarget[] {
  let targets = analysed.get(topology);
  if (!targets) {
    targets = analyzeResilience(topology, { memo });
    analysed.set(topology, targets);
  }
  return targets;
}

/** The snapshot's analysis if it was made, else undefined. */
export const madeFor = (topology: DxTopology) => analysed.get(topology);
