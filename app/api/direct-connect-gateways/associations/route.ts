// GET /api/direct-connect-gateways/associations?account=alias – the associations of every Direct
// Connect gateway the account owns: what the create and approve forms need to offer only the gateways
// AWS takes for an interface's type. 200 {readAt, associations}.
import { describeGatewayAssociations } from "@/lib/aws/gateways";
import { gatewayReadQuery } from "@/lib/dx/schemas";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { mutation: false, name: "GET /api/direct-connect-gateways/associations" },
  async ({ query }) => {
    const { account } = query(gatewayReadQuery);
    return describeGatewayAssociations(account);
  },
);
