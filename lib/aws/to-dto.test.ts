import type { Connection, VirtualInterface } from "@aws-sdk/client-direct-connect";
import { describe, expect, it } from "vitest";

import type { DxVirtualInterface } from "@/lib/dx/types";

import { mergeVirtualInterfaces, toConnection, toVirtualInterface } from "./to-dto";

const aliasOf = (id: string) =>
  ({ "111111111111": "network", "222222222222": "workload" })[id] ?? null;

const rawVif: VirtualInterface = {
  ownerAccount: "222222222222",
  virtualInterfaceId: "dxvif-fgputw0j",
  virtualInterfaceName: "app-private",
  virtualInterfaceType: "private",
  virtualInterfaceState: "confirming",
  connectionId: "dxcon-ffv0l30a",
  location: "EqDC2",
  vlan: 101,
  asn: 0,
  asnLong: 4200000001,
  amazonSideAsn: 64512,
  authKey: "s3cr3t-vif-key",
  customerRouterConfig: "router bgp 65000\n neighbor 169.254.1.1 password s3cr3t-vif-key",
  virtualGatewayId: "",
  directConnectGatewayId: "",
  region: "us-east-1",
  bgpPeers: [
    {
      bgpPeerId: "dxpeer-abc12345",
      addressFamily: "ipv4",
      asn: 65000,
      authKey: "s3cr3t-peer-key",
      bgpPeerState: "available",
      bgpStatus: "down",
    },
  ],
};

describe("toVirtualInterface", () => {
  const dto = toVirtualInterface(rawVif, { account: "network", region: "us-east-1" }, aliasOf);

  it("never carries a BGP auth key or router configuration", () => {
    const json = JSON.stringify(dto);
    expect(json).not.toContain("s3cr3t");
    expect(json).not.toMatch(/authKey|customerRouterConfig/);
  });

  it("reshapes the SDK output into dxmap's DTO", () => {
    expect(dto).toMatchObject({
      account: "network",
      region: "us-east-1",
      id: "dxvif-fgputw0j",
      type: "private",
      state: "confirming",
      vlan: 101,
      // A 4-byte ASN arrives in asnLong while asn reads 0.
      asn: 4200000001,
      ownerAccount: "222222222222",
      ownerAlias: "workload",
      visibleTo: ["network"],
      // AWS sends "" for an unset gateway.
      virtualGatewayId: null,
      directConnectGatewayId: null,
      bgpPeers: [{ id: "dxpeer-abc12345", addressFamily: "ipv4", bgpStatus: "down", asn: 65000 }],
    });
  });

  it("drops an interface without an id", () => {
    expect(toVirtualInterface({}, { account: "network", region: "us-east-1" }, aliasOf)).toBeNull();
  });
});

describe("toConnection", () => {
  it("keeps the scope and defaults missing fields", () => {
    const raw: Connection = { connectionId: "dxcon-ffv0l30a", connectionState: "available" };
    expect(toConnection(raw, { account: "network", region: "eu-west-1" })).toMatchObject({
      id: "dxcon-ffv0l30a",
      account: "network",
      region: "eu-west-1",
      state: "available",
      name: "",
      lagId: null,
    });
  });
});

describe("mergeVirtualInterfaces", () => {
  const seenBy = (account: string): DxVirtualInterface =>
    toVirtualInterface(rawVif, { account, region: "us-east-1" }, aliasOf)!;

  it("keeps one allocated interface, the owner's view, and records both accounts", () => {
    for (const order of [
      ["network", "workload"],
      ["workload", "network"],
    ]) {
      const merged = mergeVirtualInterfaces(order.map(seenBy));
      expect(merged).toHaveLength(1);
      expect(merged[0]).toMatchObject({ account: "workload", visibleTo: ["network", "workload"] });
    }
  });

  it("hands on an interface seen once as it is", () => {
    const once = seenBy("network");
    expect(mergeVirtualInterfaces([once])[0]).toBe(once);
  });
});
