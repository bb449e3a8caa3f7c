// GET /api/topology?accounts=a,b&regions=r1,r2 – connections, LAGs, interfaces with their peers, Direct
// Connect gateways with attachments and associations, virtual gateways and locations of the chosen (or
// all configured) accounts and regions, as dxmap DTOs. An account or region that fails is an entry in
// `errors` beside the others' data. 400 names the allowed values for an unknown account or region.
import { describeTopology } from "@/lib/aws/topology";
import { topologyQuery } from "@/lib/dx/schemas";
import { encodedJsonResponse } from "@/lib/server/encoded-json";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route({ mutation: false, name: "GET /api/topology" }, async ({ query, request }) => {
  const { accounts, regions } = query(topologyQuery);
  const topology = await describeTopology({ ...(accounts ? { accounts } : {}), ...(regions ? { regions } : {}) });
  // The same topology object (every read cached) is served with the bytes encoded for it last time.
  return encodedJsonResponse(request, topology, { "Cache-Control": "no-store" });
});
