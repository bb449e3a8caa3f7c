// DELETE /api/bgp-peers/{bgpPeerId} – delete a BGP peer, as the named account (the interface's owner).
// Body: {account, region, virtualInterfaceId}. 200 {readAt, resource: the interface}; AWS refuses the
// last peer of an interface ("The last BGP Peer on a Virtual Interface cannot be deleted").
import { deleteBgpPeer } from "@/lib/aws/mutations";
import { bgpPeerId, deleteBgpPeerInput } from "@/lib/dx/schemas";
import { ApiError } from "@/lib/server/errors";
import { route } from "@/lib/server/route";

export const DELETE = route<{ bgpPeerId: string }>({ mutation: true, name: "DELETE /api/bgp-peers/{bgpPeerId}" }, async ({ body, params, audit }) => {
  if (!bgpPeerId.safeParse(params.bgpPeerId).success) {
    throw new ApiError("validation_failed", "Invalid bgpPeerId.", { fieldErrors: { bgpPeerId: ["A BGP peer id looks like dxpeer-ab12cd34."] } });
  }
  const input = await body(deleteBgpPeerInput);
  Object.assign(audit, { account: input.account, region: input.region, operation: "DeleteBGPPeer", targetId: params.bgpPeerId, parameters: input });
  return deleteBgpPeer(params.bgpPeerId, input, (id) => (audit.awsRequestId = id));
});
