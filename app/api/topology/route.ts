// GET /api/topology?accounts=a,b&regions=r1,r2 – from the collector's latest snapshot (lib/history/collector.ts), no AWS call per request: connections, LAGs, interfaces with their peers, Direct
// Connect gateways, virtual gateways and locations of the chosen (or all configured) accounts and
// regions, as dxmap DTOs. Not the gateways' attachments and associations: AWS answers those one gateway
// per call, so they are read where they are shown (app/api/direct-connect-gateways/**). An account or region that fails is an entry in
// `errors` beside the others' data. 400 names the allowed values for an unknown account or region.
// The answer has a version (its ETag): If-None-Match with it gets 304 while nothing changed.
// Cache-Control: no-cache (the map's Refresh) has the collector read the scope at once first.
import { topologyQuery } from "@/lib/dx/schemas";
import { refreshSnapshot, snapshotTopology } from "@/lib/history/collector";
import { route } from "@/lib/server/route";
import { topologyResponse } from "@/lib/server/topology-response";

export const dynamic = "force-dynamic";

export const GET = route(
  { mutation: false, name: "GET /api/topology" },
  async ({ query, request }) => {
    const { accounts, regions } = query(topologyQuery);
    // Refresh: the person asks for AWS as it is now, not the snapshot of up to an interval ago.
    if (/\bno-cache\b/i.test(request.headers.get("cache-control") ?? ""))
      await refreshSnapshot({ ...(accounts ? { accounts } : {}), ...(regions ? { regions } : {}) });
    return await topologyResponse(
      request,
      await snapshotTopology(
        {
          ...(accounts ? { accounts } : {}),
          ...(regions ? { regions } : {}),
        },
        "GET /api/topology",
      ),
    );
  },
);
