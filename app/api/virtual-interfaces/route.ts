// POST /api/virtual-interfaces – create a private, public or transit interface on a connection or LAG of
// the named account, or allocate it to another account (ownerAccount, 12 digits): it then waits in
// `confirming` for that account's approval. Body: {account, region, connectionId, type, name, vlan, asn,
// mtu?, addressFamily?, authKey?, amazonAddress?, customerAddress?, virtualGatewayId?,
// directConnectGatewayId?, routeFilterPrefixes?, ownerAccount?}. 200 {readAt, resource}.
import { createVirtualInterface } from "@/lib/aws/mutations";
import { createInterfaceInput } from "@/lib/dx/schemas";
import { route } from "@/lib/server/route";

export const POST = route(
  { mutation: true, name: "POST /api/virtual-interfaces" },
  async ({ body, audit, awsHooks }) => {
    const input = await body(createInterfaceInput);
    const operation = `${input.ownerAccount ? "Allocate" : "Create"}${input.type[0]!.toUpperCase()}${input.type.slice(1)}VirtualInterface`;
    Object.assign(audit, {
      account: input.account,
      region: input.region,
      operation,
      targetId: input.connectionId,
      parameters: input,
    });
    return createVirtualInterface(input, awsHooks);
  },
);
