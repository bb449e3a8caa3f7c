/**
 * Records → the SDK's output shapes. What the service derives rather than stores is derived here:
 * an interface whose BGP sessions are all down reads "down"; a session is up once its peer is
 * available (unless set down through the control API or held down by a failover test); the
 * interface-level BGP fields mirror its first peer.
 */
import type {
  BGPPeer,
  BGPStatus,
  Connection,
  DirectConnectGateway,
  DirectConnectGatewayAssociation,
  DirectConnectGatewayAttachment,
  Lag,
  VirtualInterface,
  VirtualInterfaceState,
} from "@aws-sdk/client-direct-connect";
import { asnField } from "./rules";
import type {
  AssociationRecord,
  ConnectionRecord,
  EmulatorState,
  GatewayRecord,
  LagRecord,
  PeerRecord,
  VifRecord,
} from "./state";

export const arn = (
  region: string,
  account: string,
  kind: "dxcon" | "dxlag" | "dxvif",
  id: string,
) => `arn:aws:directconnect:${region}:${account}:${kind}/${id}`;
export const gatewayArn = (account: string, id: string) =>
  `arn:aws:directconnect::${account}:dx-gateway/${id}`;

const tagsOf = (state: EmulatorState, resourceArn: string) => state.tags[resourceArn] ?? [];

export function connectionView(state: EmulatorState, c: ConnectionRecord): Connection {
  return {
    ownerAccount: c.ownerAccount,
    connectionId: c.connectionId,
    connectionName: c.connectionName,
    connectionState: c.state,
    region: c.region,
    location: c.location,
    bandwidth: c.bandwidth,
    ...(c.vlan !== undefined ? { vlan: c.vlan } : {}),
    ...(c.partnerName ? { partnerName: c.partnerName } : {}),
    ...(c.loaIssueTime !== undefined ? { loaIssueTime: new Date(c.loaIssueTime * 1000) } : {}),
    ...(c.lagId ? { lagId: c.lagId } : {}),
    awsDevice: c.awsDevice,
    awsDeviceV2: c.awsDevice,
    awsLogicalDeviceId: c.awsLogicalDeviceId,
    jumboFrameCapable: c.jumboFrameCapable,
    hasLogicalRedundancy: c.hasLogicalRedundancy,
    macSecCapable: false,
    ...(c.providerName ? { providerName: c.providerName } : {}),
    tags: tagsOf(state, arn(c.region, c.ownerAccount, "dxcon", c.connectionId)),
  };
}

export function lagView(state: EmulatorState, l: LagRecord): Lag {
  // A deleted member is no longer part of the LAG: a deleted LAG shows 0 connections and [].
  const members = Object.values(state.connections).filter(
    (c) => c.lagId === l.lagId && c.state !== "deleted",
  );
  return {
    connectionsBandwidth: l.connectionsBandwidth,
    numberOfConnections: members.length,
    lagId: l.lagId,
    ownerAccount: l.ownerAccount,
    lagName: l.lagName,
    lagState: l.state,
    location: l.location,
    region: l.region,
    minimumLinks: l.minimumLinks,
    awsDevice: l.awsDevice,
    awsDeviceV2: l.awsDevice,
    awsLogicalDeviceId: l.awsLogicalDeviceId,
    connections: members.map((c) => connectionView(state, c)),
    allowsHostedConnections: l.allowsHostedConnections,
    jumboFrameCapable: l.jumboFrameCapable,
    hasLogicalRedundancy: l.hasLogicalRedundancy,
    macSecCapable: false,
    ...(l.providerName ? { providerName: l.providerName } : {}),
    tags: tagsOf(state, arn(l.region, l.ownerAccount, "dxlag", l.lagId)),
  };
}

/** An interface and its peers terminate where its connection or LAG does. */
function devicesOf(state: EmulatorState, vif: VifRecord) {
  const parent = state.connections[vif.connectionId] ?? state.lags[vif.connectionId];
  return {
    awsDeviceV2: parent?.awsDevice ?? vif.awsDevice,
    awsLogicalDeviceId: parent?.awsLogicalDeviceId ?? vif.awsDevice,
  };
}

function testedPeers(state: EmulatorState, vif: VifRecord): Set<string> {
  const test = vif.testing ? state.tests[vif.testing.testId] : undefined;
  return new Set(test ? test.bgpPeers : []);
}

export function bgpStatus(
  state: EmulatorState,
  vif: VifRecord,
  peer: PeerRecord,
  tested = testedPeers(state, vif),
): BGPStatus {
  const settled = vif.state === "available" || vif.state === "down";
  return settled && peer.state === "available" && !peer.sessionDown && !tested.has(peer.bgpPeerId)
    ? "up"
    : "down";
}

export function vifState(state: EmulatorState, vif: VifRecord): VirtualInterfaceState {
  if (vif.state !== "available" && vif.state !== "down") return vif.state;
  if (vif.testing) return "testing";
  const tested = testedPeers(state, vif);
  const live = vif.peers.filter((p) => p.state !== "deleting" && p.state !== "deleted");
  return live.some((p) => bgpStatus(state, vif, p, tested) === "up") ? "available" : "down";
}

function peerView(
  state: EmulatorState,
  vif: VifRecord,
  p: PeerRecord,
  tested: Set<string>,
  devices: ReturnType<typeof devicesOf>,
): BGPPeer {
  return {
    bgpPeerId: p.bgpPeerId,
    asn: asnField(p.asn),
    asnLong: p.asn,
    authKey: p.authKey,
    addressFamily: p.addressFamily,
    amazonAddress: p.amazonAddress,
    customerAddress: p.customerAddress,
    bgpPeerState: p.state,
    bgpStatus: bgpStatus(state, vif, p, tested),
    ...devices,
  };
}

/** The router configuration the service returns with an interface (it includes the auth keys). */
export function routerConfig(vif: VifRecord): string {
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<logical_connection id="${vif.virtualInterfaceId}">`,
    `  <vlan>${vif.vlan}</vlan>`,
  ];
  for (const p of vif.peers.filter((peer) => peer.state !== "deleted")) {
    const v6 = p.addressFamily === "ipv6" ? "ipv6_" : "";
    lines.push(
      `  <${v6}customer_address>${p.customerAddress}</${v6}customer_address>`,
      `  <${v6}amazon_address>${p.amazonAddress}</${v6}amazon_address>`,
      `  <${v6}bgp_asn>${p.asn}</${v6}bgp_asn>`,
      `  <${v6}bgp_auth_key>${p.authKey}</${v6}bgp_auth_key>`,
    );
  }
  lines.push(
    `  <amazon_bgp_asn>${vif.amazonSideAsn}</amazon_bgp_asn>`,
    `  <connection_type>${vif.virtualInterfaceType}</connection_type>`,
    `</logical_connection>`,
    ``,
  );
  return lines.join("\n");
}

export function vifView(state: EmulatorState, vif: VifRecord): VirtualInterface {
  const tested = testedPeers(state, vif);
  const devices = devicesOf(state, vif);
  const peers = vif.peers.map((p) => peerView(state, vif, p, tested, devices));
  const first = vif.peers[0];
  return {
    ownerAccount: vif.ownerAccount,
    virtualInterfaceId: vif.virtualInterfaceId,
    location: vif.location,
    connectionId: vif.connectionId,
    virtualInterfaceType: vif.virtualInterfaceType,
    virtualInterfaceName: vif.virtualInterfaceName,
    vlan: vif.vlan,
    ...(first
      ? {
          asn: asnField(first.asn),
          asnLong: first.asn,
          authKey: first.authKey,
          amazonAddress: first.amazonAddress,
          customerAddress: first.customerAddress,
          addressFamily: first.addressFamily,
        }
      : {}),
    amazonSideAsn: vif.amazonSideAsn,
    virtualInterfaceState: vifState(state, vif),
    customerRouterConfig: routerConfig(vif),
    mtu: vif.mtu,
    // Whether the interface can use jumbo frames (its connection's capability), not whether it does.
    jumboFrameCapable:
      (state.connections[vif.connectionId] ?? state.lags[vif.connectionId])?.jumboFrameCapable ??
      false,
    virtualGatewayId: vif.virtualGatewayId,
    directConnectGatewayId: vif.directConnectGatewayId,
    routeFilterPrefixes: vif.routeFilterPrefixes.map((cidr) => ({ cidr })),
    bgpPeers: peers,
    region: vif.region,
    ...devices,
    tags: tagsOf(state, arn(vif.region, vif.ownerAccount, "dxvif", vif.virtualInterfaceId)),
    siteLinkEnabled: vif.siteLinkEnabled,
  };
}

export function gatewayView(state: EmulatorState, g: GatewayRecord): DirectConnectGateway {
  return {
    directConnectGatewayId: g.directConnectGatewayId,
    directConnectGatewayName: g.directConnectGatewayName,
    amazonSideAsn: g.amazonSideAsn,
    ownerAccount: g.ownerAccount,
    directConnectGatewayState: g.state,
    tags: tagsOf(state, gatewayArn(g.ownerAccount, g.directConnectGatewayId)),
  };
}

export function attachmentView(vif: VifRecord): DirectConnectGatewayAttachment {
  return {
    directConnectGatewayId: vif.directConnectGatewayId,
    virtualInterfaceId: vif.virtualInterfaceId,
    virtualInterfaceRegion: vif.region,
    virtualInterfaceOwnerAccount: vif.ownerAccount,
    attachmentState: vif.attachment?.state ?? "attached",
    attachmentType:
      vif.virtualInterfaceType === "transit"
        ? "TransitVirtualInterface"
        : "PrivateVirtualInterface",
  };
}

export function associationView(a: AssociationRecord): DirectConnectGatewayAssociation {
  return {
    directConnectGatewayId: a.directConnectGatewayId,
    directConnectGatewayOwnerAccount: a.directConnectGatewayOwnerAccount,
    associationState: a.state,
    associatedGateway: {
      id: a.gatewayId,
      type: a.gatewayType,
      ownerAccount: a.gatewayOwnerAccount,
      region: a.gatewayRegion,
    },
    associationId: a.associationId,
    allowedPrefixesToDirectConnectGateway: a.allowedPrefixes.map((cidr) => ({ cidr })),
    ...(a.gatewayType === "virtualPrivateGateway"
      ? {
          virtualGatewayId: a.gatewayId,
          virtualGatewayRegion: a.gatewayRegion,
          virtualGatewayOwnerAccount: a.gatewayOwnerAccount,
        }
      : {}),
  };
}
