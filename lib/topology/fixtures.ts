// Fixture factories for topology tests and benchmarks: believable DTOs without a backend.
import { topology } from "@/lib/dx/rules/test-fixtures";
import type {
  DxBgpPeer,
  DxConnection,
  DxGatewayAssociation,
  DxLag,
  DxTopology,
  DxVirtualInterface,
} from "@/lib/dx/types";

/** An empty topology of the default accounts and regions, with `over` on top. */
export { topology };

const hex = (n: number, width = 7) => n.toString(36).padStart(width, "0").slice(-width);

export function connection(i: number, over: Partial<DxConnection> = {}): DxConnection {
  return {
    account: "network",
    region: "us-east-1",
    id: `dxcon-f${hex(i)}`,
    name: `conn-${i}`,
    state: "available",
    location: "EqDC2",
    bandwidth: "10Gbps",
    ownerAccount: "111111111111",
    lagId: null,
    partnerName: null,
    vlan: null,
    awsDevice: "EqDC2-abc",
    awsLogicalDeviceId: "EqDC2-abc",
    hasLogicalRedundancy: "no",
    jumboFrameCapable: true,
    ...over,
  };
}

export function lag(i: number, over: Partial<DxLag> = {}): DxLag {
  return {
    account: "network",
    region: "us-east-1",
    id: `dxlag-f${hex(i)}`,
    name: `lag-${i}`,
    state: "available",
    location: "EqDC2",
    bandwidth: "10Gbps",
    numberOfConnections: 2,
    minimumLinks: 1,
    ownerAccount: "111111111111",
    memberIds: [],
    awsDevice: null,
    awsLogicalDeviceId: null,
    allowsHostedConnections: false,
    ...over,
  };
}

export function peer(i: number, over: Partial<DxBgpPeer> = {}): DxBgpPeer {
  return {
    id: `dxpeer-f${hex(i)}`,
    addressFamily: "ipv4",
    asn: 65000,
    amazonAddress: "169.254.255.1/30",
    customerAddress: "169.254.255.2/30",
    state: "available",
    bgpStatus: "up",
    awsDevice: null,
    hasAuthKey: true,
    ...over,
  };
}

/** A Direct Connect gateway's association with a transit gateway (a `vgw-` id: a virtual private one). */
export function association(
  directConnectGatewayId: string,
  associatedGatewayId: string,
  over: Partial<DxGatewayAssociation> = {},
): DxGatewayAssociation {
  return {
    // Not a UUID, as AWS's are: unique per pair, and readable in a failed test.
    id: `${directConnectGatewayId}/${associatedGatewayId}`,
    directConnectGatewayId,
    associatedGatewayId,
    associatedGatewayType: associatedGatewayId.startsWith("vgw-")
      ? "virtualPrivateGateway"
      : "transitGateway",
    associatedGatewayRegion: "us-east-1",
    associatedGatewayOwnerAccount: "111111111111",
    state: "associated",
    allowedPrefixes: ["10.0.0.0/16"],
    ...over,
  };
}

export function vif(
  i: number,
  connectionId: string,
  over: Partial<DxVirtualInterface> = {},
): DxVirtualInterface {
  return {
    account: "network",
    region: "us-east-1",
    id: `dxvif-f${hex(i)}`,
    name: `vif-${i}`,
    type: "private",
    state: "available",
    vlan: 100 + i,
    asn: 65000,
    amazonSideAsn: 64512,
    ownerAccount: "111111111111",
    ownerAlias: "network",
    visibleTo: ["network"],
    connectionId,
    location: "EqDC2",
    mtu: 1500,
    jumboFrameCapable: true,
    virtualGatewayId: null,
    directConnectGatewayId: null,
    awsDevice: null,
    routeFilterPrefixes: [],
    bgpPeers: [peer(i)],
    failoverTest: null,
    ...over,
  };
}

/** A generated estate: `connections` connections with `vifsPer` interfaces of `peersPer` peers each. */
export function estate(connections: number, vifsPer: number, peersPer: number): DxTopology {
  const conns = Array.from({ length: connections }, (_, c) =>
    connection(c, { region: c % 2 ? "eu-west-1" : "us-east-1" }),
  );
  let n = 0;
  const vifs = conns.flatMap((c) =>
    Array.from({ length: vifsPer }, (_, k) => {
      const i = n++;
      return vif(i, c.id, {
        region: c.region,
        vlan: 100 + k,
        directConnectGatewayId: `00000000-0000-4000-a000-${hex(i % 20, 12)}`,
        bgpPeers: Array.from({ length: peersPer }, (_, p) =>
          peer(i * 4 + p, { addressFamily: p % 2 ? "ipv6" : "ipv4" }),
        ),
      });
    }),
  );
  const gateways = Array.from({ length: 20 }, (_, g) => ({
    account: "network",
    id: `00000000-0000-4000-a000-${hex(g, 12)}`,
    name: `dxgw-${g}`,
    amazonSideAsn: 64512,
    ownerAccount: "111111111111",
    state: "available",
  }));
  return topology({ connections: conns, virtualInterfaces: vifs, directConnectGateways: gateways });
}
