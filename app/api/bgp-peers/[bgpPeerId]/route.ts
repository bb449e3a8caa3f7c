// DELETE /api/bgp-peers/{bgpPeerId} – delete a BGP peer, as the named account (the interface's owner).
// Body: {account, region, virtualInterfaceId}. 200 {readAt, resource: the interface}; AWS refuses the
// last peer of an interface ("The last BGP Peer on a Virtual Interface cannot be deleted").
import { deleteBgpPeer } from "@/lib/aws/mutations";
import { bgpPeerId, deleteBgpPeerInput } from "@/lib/dx/schemas";
import { pathId, route } from "@/lib/server/route";

export const DELETE = route<{ bgpPeerId: string }>(
  { mutation: true, name: "DELETE /api/bgp-peers/{bgpPeerId}" },
  async ({ body, params, audit, awsHooks }) => {
    pathId("bgpPeerId", params.bgpPeerId, bgpPeerId);
    const input = await body(deleteBgpPeerInput);
    Object.assign(audit, {
      account: input.account,
      region: input.region,
      operation: "DeleteBGPPeer",
      targetId: params.bgpPeerId,
      parameters: input,
    });
    return deleteBgpPeer(params.bgpPeerId, input, awsHooks);
  },
);
