// GET /api/direct-connect-gateways/{id}/associations?account=alias – the virtual private and transit
// gateways associated with one Direct Connect gateway (DescribeDirectConnectGatewayAssociations), read
// as the named account. 200 {readAt, associations}. Read for the gateway whose details are open.
import { describeGatewayAssociations } from "@/lib/aws/gateways";
import { directConnectGatewayId, gatewayReadQuery } from "@/lib/dx/schemas";
import { pathId, route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(
  { mutation: false, name: "GET /api/direct-connect-gateways/{id}/associations" },
  async ({ params, query }) => {
    const id = pathId("id", params.id, directConnectGatewayId);
    const { account } = query(gatewayReadQuery);
    return describeGatewayAssociations(account, id);
  },
);
