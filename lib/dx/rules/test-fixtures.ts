// Small DTO factories for the unit tests of the rules (and of the forms built on them).
import type { DxBgpPeer, DxTopology, DxVirtualInterface } from "@/lib/dx/types";

export function peer(over: Partial<DxBgpPeer> = {}): DxBgpPeer {
  return {
    id: "dxpeer-aaaa1111",
    addressFamily: "ipv4",
    asn: 65000,
    amazonAddress: "169.254.10.1/30",
    customerAddress: "169.254.10.2/30",
    state: "available",
    bgpStatus: "up",
    awsDevice: null,
    hasAuthKey: false,
    ...over,
  };
}

export function vif(over: Partial<DxVirtualInterface> = {}): DxVirtualInterface {
  return {
    account: "network",
    region: "us-east-1",
    id: "dxvif-aaaa1111",
    name: "prod-private",
    type: "private",
    state: "available",
    vlan: 101,
    asn: 65000,
    amazonSideAsn: 64512,
    ownerAccount: "111111111111",
    ownerAlias: "network",
    visibleTo: ["network"],
    connectionId: "dxcon-aaaa1111",
    location: "EqDC2",
    mtu: 1500,
    jumboFrameCapable: null,
    virtualGatewayId: null,
    directConnectGatewayId: null,
    awsDevice: null,
    routeFilterPrefixes: [],
    bgpPeers: [peer()],
    failoverTest: null,
    ...over,
  };
}

export function topology(over: Partial<DxTopology> = {}): DxTopology {
  return {
    readAt: "2026-01-01T00:00:00.000Z",
    backend: "emulator",
    accounts: [
      { alias: "network", accountId: "111111111111" },
      { alias: "workload", accountId: "222222222222" },
    ],
    regions: ["us-east-1", "eu-west-1"],
    connections: [],
    lags: [],
    virtualInterfaces: [],
    directConnectGateways: [],
    directConnectGatewayAssociations: [],
    virtualGateways: [],
    locations: [],
    errors: [],
    ...over,
  };
}
