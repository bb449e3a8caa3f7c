// SDK shapes → dxmap DTOs. Pure (no credentials, no I/O), so it is tested
// without a backend. Every field is copied by name: a field the SDK adds later,
// or a secret it already carries (a BGP peer's or interface's `authKey`, the
// `customerRouterConfig` that embeds it), cannot slip through to the browser.
import type {
  BGPPeer,
  Connection,
  DirectConnectGateway,
  DirectConnectGatewayAssociation,
  DirectConnectGatewayAttachment,
  Lag,
  Location,
  VirtualGateway,
  VirtualInterface,
  VirtualInterfaceTestHistory,
} from "@aws-sdk/client-direct-connect";

import type {
  AccountAlias,
  DxBgpPeer,
  DxConnection,
  DxDirectConnectGateway,
  DxFailoverTest,
  DxGatewayAssociation,
  DxGatewayAttachment,
  DxLag,
  DxLocation,
  DxScope,
  DxVirtualGateway,
  DxVirtualInterface,
} from "@/lib/dx/types";
import { UNKNOWN_STATE } from "@/lib/dx/states";

const orNull = <T>(value: T | undefined): T | null => value ?? null;
const textOrNull = (value: string | undefined): string | null =>
  value === undefined || value === "" ? null : value;

// With a 4-byte ASN in `asnLong` the service reports `asn: 0`; prefer asnLong.
function customerAsn(raw: {
  asn?: number | undefined;
  asnLong?: number | undefined;
}): number | null {
  if (raw.asnLong !== undefined && raw.asnLong !== 0) return raw.asnLong;
  if (raw.asn !== undefined && raw.asn !== 0) return raw.asn;
  return null;
}

export function toConnection(raw: Connection, scope: DxScope): DxConnection | null {
  if (!raw.connectionId) return null;
  return {
    account: scope.account,
    region: raw.region ?? scope.region,
    id: raw.connectionId,
    name: raw.connectionName ?? "",
    state: raw.connectionState ?? UNKNOWN_STATE,
    location: raw.location ?? "",
    bandwidth: raw.bandwidth ?? "",
    ownerAccount: raw.ownerAccount ?? "",
    lagId: textOrNull(raw.lagId),
    partnerName: textOrNull(raw.partnerName),
    vlan: orNull(raw.vlan),
    awsDevice: textOrNull(raw.awsDeviceV2 ?? raw.awsDevice),
    awsLogicalDeviceId: textOrNull(raw.awsLogicalDeviceId),
    hasLogicalRedundancy: textOrNull(raw.hasLogicalRedundancy),
    jumboFrameCapable: orNull(raw.jumboFrameCapable),
  };
}

export function toBgpPeer(raw: BGPPeer): DxBgpPeer | null {
  if (!raw.bgpPeerId) return null;
  return {
    id: raw.bgpPeerId,
    addressFamily: raw.addressFamily ?? "unknown",
    asn: customerAsn(raw),
    amazonAddress: textOrNull(raw.amazonAddress),
    customerAddress: textOrNull(raw.customerAddress),
    state: raw.bgpPeerState ?? UNKNOWN_STATE,
    bgpStatus: raw.bgpStatus ?? UNKNOWN_STATE,
    awsDevice: textOrNull(raw.awsDeviceV2),
    hasAuthKey: Boolean(raw.authKey),
  };
}

export function toVirtualInterface(
  raw: VirtualInterface,
  scope: DxScope,
  aliasOf: (accountId: string) => AccountAlias | null,
): DxVirtualInterface | null {
  if (!raw.virtualInterfaceId) return null;
  const ownerAccount = raw.ownerAccount ?? "";
  return {
    account: scope.account,
    region: raw.region ?? scope.region,
    id: raw.virtualInterfaceId,
    name: raw.virtualInterfaceName ?? "",
    type: raw.virtualInterfaceType ?? "unknown",
    state: raw.virtualInterfaceState ?? UNKNOWN_STATE,
    vlan: orNull(raw.vlan),
    asn: customerAsn(raw),
    amazonSideAsn: orNull(raw.amazonSideAsn),
    ownerAccount,
    ownerAlias: ownerAccount ? aliasOf(ownerAccount) : null,
    visibleTo: [scope.account],
    connectionId: textOrNull(raw.connectionId),
    location: textOrNull(raw.location),
    mtu: orNull(raw.mtu),
    jumboFrameCapable: orNull(raw.jumboFrameCapable),
    // AWS returns "" for a gateway that is not set (an allocated interface before Confirm).
    virtualGatewayId: textOrNull(raw.virtualGatewayId),
    directConnectGatewayId: textOrNull(raw.directConnectGatewayId),
    awsDevice: textOrNull(raw.awsDeviceV2),
    routeFilterPrefixes: (raw.routeFilterPrefixes ?? []).flatMap((p) => (p.cidr ? [p.cidr] : [])),
    bgpPeers: (raw.bgpPeers ?? []).flatMap((peer) => toBgpPeer(peer) ?? []),
    // Set by the topology read, from its owner's tests in progress (lib/aws/failover-tests.ts).
    failoverTest: null,
  };
}

const isoOrNull = (d: Date | undefined): string | null =>
  d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;

export function toFailoverTest(raw: VirtualInterfaceTestHistory): DxFailoverTest | null {
  if (!raw.testId || !raw.virtualInterfaceId) return null;
  return {
    testId: raw.testId,
    virtualInterfaceId: raw.virtualInterfaceId,
    bgpPeerIds: raw.bgpPeers ?? [],
    durationMinutes: orNull(raw.testDurationInMinutes),
    startTime: isoOrNull(raw.startTime),
    endTime: isoOrNull(raw.endTime),
    status: raw.status ?? UNKNOWN_STATE,
    ownerAccount: raw.ownerAccount ?? "",
  };
}

export function toLag(raw: Lag, scope: DxScope): DxLag | null {
  if (!raw.lagId) return null;
  return {
    account: scope.account,
    region: raw.region ?? scope.region,
    id: raw.lagId,
    name: raw.lagName ?? "",
    state: raw.lagState ?? UNKNOWN_STATE,
    location: raw.location ?? "",
    bandwidth: raw.connectionsBandwidth ?? "",
    numberOfConnections: raw.numberOfConnections ?? (raw.connections ?? []).length,
    minimumLinks: orNull(raw.minimumLinks),
    ownerAccount: raw.ownerAccount ?? "",
    memberIds: (raw.connections ?? []).flatMap((c) => (c.connectionId ? [c.connectionId] : [])),
    awsDevice: textOrNull(raw.awsDeviceV2 ?? raw.awsDevice),
    awsLogicalDeviceId: textOrNull(raw.awsLogicalDeviceId),
    allowsHostedConnections: orNull(raw.allowsHostedConnections),
  };
}

export function toDirectConnectGateway(
  raw: DirectConnectGateway,
  account: AccountAlias,
): DxDirectConnectGateway | null {
  if (!raw.directConnectGatewayId) return null;
  return {
    account,
    id: raw.directConnectGatewayId,
    name: raw.directConnectGatewayName ?? "",
    amazonSideAsn: orNull(raw.amazonSideAsn),
    ownerAccount: raw.ownerAccount ?? "",
    state: raw.directConnectGatewayState ?? UNKNOWN_STATE,
  };
}

export function toGatewayAttachment(
  raw: DirectConnectGatewayAttachment,
): DxGatewayAttachment | null {
  if (!raw.directConnectGatewayId || !raw.virtualInterfaceId) return null;
  return {
    directConnectGatewayId: raw.directConnectGatewayId,
    virtualInterfaceId: raw.virtualInterfaceId,
    virtualInterfaceRegion: raw.virtualInterfaceRegion ?? "",
    virtualInterfaceOwnerAccount: raw.virtualInterfaceOwnerAccount ?? "",
    state: raw.attachmentState ?? UNKNOWN_STATE,
    type: textOrNull(raw.attachmentType),
  };
}

export function toGatewayAssociation(
  raw: DirectConnectGatewayAssociation,
): DxGatewayAssociation | null {
  const gatewayId = raw.associatedGateway?.id ?? raw.virtualGatewayId;
  if (!raw.associationId || !raw.directConnectGatewayId || !gatewayId) return null;
  return {
    id: raw.associationId,
    directConnectGatewayId: raw.directConnectGatewayId,
    associatedGatewayId: gatewayId,
    associatedGatewayType: textOrNull(raw.associatedGateway?.type),
    associatedGatewayRegion: textOrNull(raw.associatedGateway?.region ?? raw.virtualGatewayRegion),
    associatedGatewayOwnerAccount: textOrNull(
      raw.associatedGateway?.ownerAccount ?? raw.virtualGatewayOwnerAccount,
    ),
    state: raw.associationState ?? UNKNOWN_STATE,
    allowedPrefixes: (raw.allowedPrefixesToDirectConnectGateway ?? []).flatMap((p) =>
      p.cidr ? [p.cidr] : [],
    ),
  };
}

export function toVirtualGateway(raw: VirtualGateway, scope: DxScope): DxVirtualGateway | null {
  if (!raw.virtualGatewayId) return null;
  return { ...scope, id: raw.virtualGatewayId, state: raw.virtualGatewayState ?? UNKNOWN_STATE };
}

export function toLocation(raw: Location, region: string): DxLocation | null {
  if (!raw.locationCode) return null;
  return {
    region: raw.region ?? region,
    code: raw.locationCode,
    name: raw.locationName ?? raw.locationCode,
  };
}

/** Keeps the first of each key: resources seen through more than one account or region. */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/**
 * An allocated interface is visible to both its owner and the allocating
 * account, so a read across accounts sees it twice. Keep one per id: the
 * owner's view when dxmap has it, and remember every account that saw it.
 * An interface seen once is the same object (the reads keep their mapped
 * resources while the answers are the same: lib/aws/topology.ts).
 */
export function mergeVirtualInterfaces(vifs: readonly DxVirtualInterface[]): DxVirtualInterface[] {
  const byId = new Map<string, DxVirtualInterface>();
  for (const vif of vifs) {
    const seen = byId.get(vif.id);
    if (!seen) {
      byId.set(vif.id, vif);
      continue;
    }
    const visibleTo = [...new Set([...seen.visibleTo, ...vif.visibleTo])].sort();
    const preferNew =
      vif.ownerAlias !== null && vif.account === vif.ownerAlias && seen.account !== seen.ownerAlias;
    byId.set(vif.id, { ...(preferNew ? vif : seen), visibleTo });
  }
  return [...byId.values()];
}
