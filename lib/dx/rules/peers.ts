// The BGP peer rules that need the interface's current state, which the zod schemas cannot see.
// AWS enforces both in the end; checking them here refuses the request before any call, with the reason.
import type { AddressFamily } from "@/lib/dx/schemas";
import { BGP_PEER_STATE, isGoingOrGone, VIF_STATE } from "@/lib/dx/states";
import type { DxBgpPeer, DxVirtualInterface } from "@/lib/dx/types";

export const ADDRESS_FAMILIES: readonly AddressFamily[] = ["ipv4", "ipv6"];

/** A peer that still counts: AWS ignores peers that are deleting or deleted. */
export function isLivePeer(peer: Pick<DxBgpPeer, "state">): boolean {
  return !isGoingOrGone(peer.state);
}

export function livePeers(vif: Pick<DxVirtualInterface, "bgpPeers">): DxBgpPeer[] {
  return vif.bgpPeers.filter(isLivePeer);
}

export function familyLabel(family: string): string {
  return family === "ipv4" ? "IPv4" : family === "ipv6" ? "IPv6" : family;
}

/**
 * How many peers of one address family AWS allows on an interface of this connection or LAG: two
 * where it has logical redundancy ("Indicates whether the connection supports a secondary BGP peer in
 * the same address family"), else one.
 */
export function peersPerFamily(parent: object | undefined): 1 | 2 {
  return parent && "hasLogicalRedundancy" in parent && parent.hasLogicalRedundancy === "yes"
    ? 2
    : 1;
}

/**
 * Why a new peer of `family` would be refused, or null. AWS: "The BGP peer cannot be in the same
 * address family (IPv4/IPv6) of an existing BGP peer on the virtual interface", unless the connection
 * has logical redundancy, which allows a second (`perFamily` 2).
 */
export function familyConflict(
  vif: Pick<DxVirtualInterface, "bgpPeers">,
  family: string,
  perFamily: 1 | 2 = 1,
): string | null {
  if (livePeers(vif).filter((p) => p.addressFamily === family).length < perFamily) return null;
  return perFamily === 1
    ? `This interface already has an ${familyLabel(family)} peer; AWS allows one per address family.`
    : `This interface already has two ${familyLabel(family)} peers; AWS allows two per address family on a connection with logical redundancy.`;
}

/** The families a new peer may still use, in the order the form offers them. */
export function freeFamilies(
  vif: Pick<DxVirtualInterface, "bgpPeers">,
  perFamily: 1 | 2 = 1,
): AddressFamily[] {
  return ADDRESS_FAMILIES.filter((f) => familyConflict(vif, f, perFamily) === null);
}

type PeerOwner = Pick<DxVirtualInterface, "ownerAlias" | "ownerAccount">;

/**
 * Why dxmap cannot change this interface's peers, or null: AWS lets only the interface's owner add or
 * delete them ("Only the owner account … can add BGP peers to it"), and an interface allocated to an
 * account dxmap has no credentials for is seen only through the connection's owner.
 */
function ownerBlocker(vif: PeerOwner): string | null {
  return vif.ownerAlias === null
    ? `Only the owner account ${vif.ownerAccount} can change this interface's BGP peers, and dxmap has no credentials for it.`
    : null;
}

/** Interface states in which AWS refuses a new peer ("Virtual interface … is in state confirming"). */
const NO_NEW_PEERS: ReadonlySet<string> = new Set([
  VIF_STATE.confirming,
  VIF_STATE.deleting,
  VIF_STATE.deleted,
  VIF_STATE.rejected,
]);

/** Why no peer can be added to `vif` now, or null; the form then checks the family chosen. */
export function addPeerBlocker(
  vif: PeerOwner & Pick<DxVirtualInterface, "state" | "bgpPeers">,
  perFamily: 1 | 2 = 1,
): string | null {
  const owner = ownerBlocker(vif);
  if (owner) return owner;
  if (vif.state === VIF_STATE.confirming)
    return "This interface awaits its owner's approval; peers can be added once it is approved.";
  if (NO_NEW_PEERS.has(vif.state)) return `This interface is ${vif.state}.`;
  if (freeFamilies(vif, perFamily).length === 0)
    return perFamily === 1
      ? "This interface has an IPv4 and an IPv6 peer; AWS allows one per address family."
      : "This interface has two IPv4 and two IPv6 peers; AWS allows two per address family on a connection with logical redundancy.";
  return null;
}

/**
 * Why `peer` cannot be deleted now, or null. AWS: "The last BGP Peer on a Virtual Interface cannot be
 * deleted" (the interface itself is deleted instead).
 */
export function deletePeerBlocker(
  vif: PeerOwner & Pick<DxVirtualInterface, "bgpPeers">,
  peer: Pick<DxBgpPeer, "id" | "state">,
): string | null {
  const owner = ownerBlocker(vif);
  if (owner) return owner;
  if (!isLivePeer(peer))
    return peer.state === BGP_PEER_STATE.deleted
      ? "This peer is deleted."
      : "This peer is already being deleted.";
  const others = livePeers(vif).filter((p) => p.id !== peer.id);
  return others.length === 0 ? "The last BGP peer of an interface cannot be deleted." : null;
}

/** AWS assigns both addresses of an IPv6 peer: whatever the hidden IPv4 fields hold is not sent. */
export function peerFieldsForFamily<
  T extends {
    addressFamily: string;
    amazonAddress?: string | undefined;
    customerAddress?: string | undefined;
  },
>(values: T): T {
  return values.addressFamily === "ipv6"
    ? { ...values, amazonAddress: undefined, customerAddress: undefined }
    : values;
}

/** Peers are changed as the interface's owner, the account AWS requires (the allocator cannot). */
export function peerScope(
  vif: Pick<DxVirtualInterface, "ownerAlias" | "account" | "region" | "id">,
) {
  return { account: vif.ownerAlias ?? vif.account, region: vif.region, virtualInterfaceId: vif.id };
}
