// GET /api/virtual-interfaces/{id}/router-configuration?account=alias&region=&routerTypeIdentifier=
// – the configuration of the customer's router for an interface (DescribeRouterConfiguration), as a
// text file to save. It holds the BGP auth keys: served only as a download, never stored (not by
// dxmap, not by a cache on the way), refused to read-only users and audited as the read of a secret
// (without the text). A router type AWS does not document is a 400 before any AWS call.
import { describeRouterConfiguration } from "@/lib/aws/router-configuration";
import { routerConfigurationQuery, virtualInterfaceId } from "@/lib/dx/schemas";
import { pathId, route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(
  { mutation: false, secret: true, name: "GET /api/virtual-interfaces/{id}/router-configuration" },
  async ({ params, query, audit, awsHooks }) => {
    pathId("id", params.id, virtualInterfaceId);
    const input = query(routerConfigurationQuery);
    Object.assign(audit, {
      account: input.account,
      region: input.region,
      operation: "DescribeRouterConfiguration",
      targetId: params.id,
      parameters: input,
    });
    const file = await describeRouterConfiguration(params.id, input, awsHooks);
    return new Response(file.text, {
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "no-store",
      },
    });
  },
);
