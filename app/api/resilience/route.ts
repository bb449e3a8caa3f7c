// GET /api/resilience?accounts=a,b&regions=r1,r2 – every target (Direct Connect gateway, virtual private
// gateway, an account's public reach) of the chosen (or all configured) accounts and regions: its design
// and live models, its paths, its single points of failure with their reasons. Made from the same reads
// as GET /api/topology (the collector's snapshot: no AWS call of its own). An account or region that could not be
// read is left out of the analysis, and named in `errors`.
import { topologyQuery } from "@/lib/dx/schemas";
import { snapshotTopology } from "@/lib/history/collector";
import { resilienceReport } from "@/lib/resilience/report";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route({ mutation: false, name: "GET /api/resilience" }, async ({ query }) => {
  const { accounts, regions } = query(topologyQuery);
  const topology = await snapshotTopology(
    { ...(accounts ? { accounts } : {}), ...(regions ? { regions } : {}) },
    "GET /api/resilience",
  );
  return Response.json(resilienceReport(topology), { headers: { "Cache-Control": "no-store" } });
});
