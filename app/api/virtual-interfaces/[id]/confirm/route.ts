// POST /api/virtual-interfaces/{id}/confirm – approve an interface allocated to the named account (its
// owner): a private one with virtualGatewayId or directConnectGatewayId, a transit one with
// directConnectGatewayId, a public one with neither. Body: {account, region, virtualGatewayId?,
// directConnectGatewayId?}. 200 {readAt, resource} (pending, or verifying for a public interface).
import { confirmVirtualInterface } from "@/lib/aws/mutations";
import { confirmInterfaceInput, virtualInterfaceId } from "@/lib/dx/schemas";
import { pathId, route } from "@/lib/server/route";

export const POST = route<{ id: string }>(
  { mutation: true, name: "POST /api/virtual-interfaces/{id}/confirm" },
  async ({ body, params, audit, awsHooks }) => {
    pathId("id", params.id, virtualInterfaceId);
    const input = await body(confirmInterfaceInput);
    Object.assign(audit, {
      account: input.account,
      region: input.region,
      operation: "ConfirmVirtualInterface",
      targetId: params.id,
      parameters: input,
    });
    return confirmVirtualInterface(params.id, input, awsHooks);
  },
);
