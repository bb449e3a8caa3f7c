// POST /api/bgp-peers – add a BGP peer to an interface, as the named account (the interface's owner).
// Body: {account, region, virtualInterfaceId, addressFamily, asn, authKey?, amazonAddress?, customerAddress?}.
// 200 {readAt, resource: the interface with its peers}; 400 invalid input (no AWS call) or AWS's refusal.
import { createBgpPeer } from "@/lib/aws/mutations";
import { createBgpPeerInput } from "@/lib/dx/schemas";
import { route } from "@/lib/server/route";

export const POST = route(
  { mutation: true, name: "POST /api/bgp-peers" },
  async ({ body, audit, awsHooks }) => {
    const input = await body(createBgpPeerInput);
    Object.assign(audit, {
      account: input.account,
      region: input.region,
      operation: "CreateBGPPeer",
      targetId: input.virtualInterfaceId,
      parameters: input,
    });
    return createBgpPeer(input, awsHooks);
  },
);
