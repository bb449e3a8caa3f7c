// GET /api/direct-connect-gateways/{id}/attachments?account=alias – the interfaces attached to one
// Direct Connect gateway (DescribeDirectConnectGatewayAttachments), read as the named account: the
// gateway's owner sees every attachment, an interface's owner its own. 200 {readAt, attachments}.
// The map reads these only for the gateway whose details are open: AWS answers one gateway per call.
import { describeGatewayAttachments } from "@/lib/aws/gateways";
import { directConnectGatewayId, gatewayReadQuery } from "@/lib/dx/schemas";
import { pathId, route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(
  { mutation: false, name: "GET /api/direct-connect-gateways/{id}/attachments" },
  async ({ params, query }) => {
    const id = pathId("id", params.id, directConnectGatewayId);
    const { account } = query(gatewayReadQuery);
    return describeGatewayAttachments(id, account);
  },
);
