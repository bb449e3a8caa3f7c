import type { DxReadError, DxTopology } from "@/lib/dx/types";

import { analyzeResilience, byWorstFirst } from "./analysis";
import type { ResilienceReport } from "./types";

/** GET /api/resilience's answer: the targets worst first, and the reads they are missing. */
export function resilienceReport(
  topology: DxTopology,
): ResilienceReport & { errors: DxReadError[] } {
  return {
    readAt: topology.readAt,
    targets: analyzeResilience(topology).sort(byWorstFirst),
    errors: topology.errors,
  };
}
