/**
 * The AWS devices connections terminate on, through the real SDK: every connection, LAG and hosted
 * connection is on one of its location's few devices (so two connections can share one: the
 * single-device trap), LAG members on their LAG's, interfaces and BGP peers on their connection's or
 * LAG's; the logical device may differ from the physical one, and then the connection has logical
 * redundancy (a second BGP peer of a family).
 */
import {
  type Connection,
  CreateBGPPeerCommand,
  CreateConnectionCommand,
  CreateLagCommand,
  DescribeConnectionsCommand,
  DescribeLagsCommand,
  DescribeVirtualInterfacesCommand,
  type DirectConnectClient,
  type Lag,
} from "@aws-sdk/client-direct-connect";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { devicePool } from "@/lib/emulator/devices";
import { connectionNamed, startHarness, vifNamed, type Harness } from "./harness";

let h: Harness;
let net: DirectConnectClient;
let netEu: DirectConnectClient;

beforeAll(async () => {
  h = await startHarness();
  net = h.client("network");
  netEu = h.client("network", "eu-west-1");
});
afterAll(() => h.close());
beforeEach(async () => {
  expect((await h.control("POST", "/_dxmap/reset", {})).status).toBe(200);
});

const DEVICE = /^[A-Za-z0-9]+-[a-z0-9]{12,13}$/;

/** The connection's or LAG's devices as AWS answers them, checked against its location's pool. */
function onPoolDevice(r: Connection | Lag) {
  expect(r.awsDeviceV2).toMatch(DEVICE);
  expect(r.awsDevice, "the deprecated alias names the same device").toBe(r.awsDeviceV2);
  expect(devicePool(r.location!)).toContainEqual({
    awsDevice: r.awsDeviceV2,
    awsLogicalDeviceId: r.awsLogicalDeviceId,
    hasLogicalRedundancy: r.hasLogicalRedundancy,
  });
  return { physical: r.awsDeviceV2!, logical: r.awsLogicalDeviceId! };
}

describe("the seeded estate's devices", () => {
  it("puts every connection and LAG on its location's devices, LAG members on their LAG's", async () => {
    for (const client of [net, netEu]) {
      const connections = (await client.send(new DescribeConnectionsCommand({}))).connections!;
      const lags = (await client.send(new DescribeLagsCommand({}))).lags!;
      expect(connections.length).toBeGreaterThan(4);
      for (const c of connections) onPoolDevice(c);
      for (const lag of lags) {
        const device = onPoolDevice(lag);
        expect(lag.connections!.length).toBeGreaterThan(1);
        for (const member of lag.connections!) {
          expect(member.awsDeviceV2).toBe(device.physical);
          expect(member.awsLogicalDeviceId).toBe(device.logical);
        }
      }
    }
  });

  it("gives each interface and BGP peer its connection's or LAG's devices", async () => {
    for (const client of [net, netEu]) {
      const parents = new Map<string, Connection | Lag>();
      for (const c of (await client.send(new DescribeConnectionsCommand({}))).connections!)
        parents.set(c.connectionId!, c);
      for (const l of (await client.send(new DescribeLagsCommand({}))).lags!)
        parents.set(l.lagId!, l);
      const vifs = (await client.send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces!;
      expect(vifs.length).toBeGreaterThan(5);
      for (const vif of vifs) {
        const parent = parents.get(vif.connectionId!)!;
        expect(vif.awsDeviceV2).toBe(parent.awsDeviceV2);
        expect(vif.awsLogicalDeviceId).toBe(parent.awsLogicalDeviceId);
        for (const peer of vif.bgpPeers!) {
          expect(peer.awsDeviceV2).toBe(parent.awsDeviceV2);
          expect(peer.awsLogicalDeviceId).toBe(parent.awsLogicalDeviceId);
        }
      }
    }
  });

  it("has connections outside a LAG that share a device (the single-device trap)", async () => {
    const primary = await connectionNamed(net, "dx-eqdc2-primary");
    const lag = (await net.send(new DescribeLagsCommand({}))).lags![0]!;
    expect(primary.lagId).toBeUndefined();
    expect(lag.location).toBe(primary.location);
    expect(lag.awsDeviceV2).toBe(primary.awsDeviceV2);
  });

  it("has a logical device apart from the physical one where the device offers logical redundancy, and a second peer of a family there", async () => {
    const primary = await connectionNamed(netEu, "dx-eirdb1-primary");
    expect(primary.awsLogicalDeviceId).toMatch(/^EirDB1-[a-z0-9]{12,13}$/);
    expect(primary.awsLogicalDeviceId).not.toBe(primary.awsDeviceV2);
    expect(primary.hasLogicalRedundancy).toBe("yes");
    const secondary = await connectionNamed(netEu, "dx-tcdub-secondary");
    expect(secondary.awsLogicalDeviceId).toBe(secondary.awsDeviceV2);
    expect(secondary.hasLogicalRedundancy).toBe("no");

    // prod-private (eu-west-1) is on the primary: it takes a second IPv4 peer, as AWS allows there.
    const vif = await vifNamed(netEu, "prod-private");
    const out = await netEu.send(
      new CreateBGPPeerCommand({
        virtualInterfaceId: vif.virtualInterfaceId,
        newBGPPeer: { asn: 65001, addressFamily: "ipv4" },
      }),
    );
    const ipv4 = out.virtualInterface!.bgpPeers!.filter((p) => p.addressFamily === "ipv4");
    expect(ipv4).toHaveLength(2);
  });
});

describe("new connections and LAGs", () => {
  it("lands new connections on the location's devices, so some share one", async () => {
    const pool = devicePool("EqDC2");
    const made: Connection[] = [];
    for (let i = 0; i <= pool.length; i += 1) {
      made.push(
        await net.send(
          new CreateConnectionCommand({
            location: "EqDC2",
            bandwidth: "10Gbps",
            connectionName: `pooled-${i}`,
          }),
        ),
      );
    }
    for (const c of made) onPoolDevice(c);
    // One more connection than the location has devices: at least two are on one device.
    expect(new Set(made.map((c) => c.awsDeviceV2)).size).toBeLessThan(made.length);
  });

  it("puts a new LAG's members, and a connection added to it, on the LAG's device", async () => {
    const lag = await net.send(
      new CreateLagCommand({
        location: "CSVA1",
        connectionsBandwidth: "10Gbps",
        numberOfConnections: 2,
        lagName: "new-lag",
      }),
    );
    const device = onPoolDevice(lag);
    expect(lag.connections).toHaveLength(2);
    const added = await net.send(
      new CreateConnectionCommand({
        location: "CSVA1",
        bandwidth: "10Gbps",
        connectionName: "joins-new-lag",
        lagId: lag.lagId!,
      }),
    );
    const members = (await net.send(new DescribeLagsCommand({ lagId: lag.lagId! }))).lags![0]!
      .connections!;
    expect(members.map((m) => m.connectionId)).toContain(added.connectionId);
    for (const m of members) {
      expect(m.awsDeviceV2).toBe(device.physical);
      expect(m.awsLogicalDeviceId).toBe(device.logical);
    }
  });

  it("builds a LAG around an existing connection on that connection's device", async () => {
    const lone = await net.send(
      new CreateConnectionCommand({
        location: "CSVA1",
        bandwidth: "1Gbps",
        connectionName: "lone",
      }),
    );
    const lag = await net.send(
      new CreateLagCommand({
        location: "CSVA1",
        connectionsBandwidth: "1Gbps",
        numberOfConnections: 2,
        lagName: "around-lone",
        connectionId: lone.connectionId!,
      }),
    );
    expect(lag.awsDeviceV2).toBe(lone.awsDeviceV2);
    expect(lag.awsLogicalDeviceId).toBe(lone.awsLogicalDeviceId);
    for (const m of lag.connections!) expect(m.awsDeviceV2).toBe(lone.awsDeviceV2);
  });
});
