/**
 * The AWS devices connections terminate on, through the real SDK: every connection, LAG and hosted
 * connection is on one of its location's few devices (so two connections can share one: the
 * single-device trap), LAG members on their LAG's, interfaces and BGP peers on their connection's or
 * LAG's; the logical device may differ from the physical one, and then the connection has logical
 * redundancy (a second BGP peer of a family). The default seed has a Direct Connect gateway at each
 * resilience model, by the resilience analysis's own rule. POST /_dxmap/devices moves a connection or
 * LAG to a named device.
 */
import {
  type Connection,
  CreateBGPPeerCommand,
  CreateConnectionCommand,
  CreateLagCommand,
  DescribeConnectionsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeLagsCommand,
  DescribeVirtualInterfacesCommand,
  type DirectConnectClient,
  type Lag,
} from "@aws-sdk/client-direct-connect";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { devicePool } from "@/lib/emulator/devices";
import { modelOf } from "@/lib/resilience/analysis";
import type { ResiliencePath } from "@/lib/resilience/types";
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

describe("POST /_dxmap/devices", () => {
  /** Every connection, LAG and interface network sees in both regions, and what is on disk. */
  const everything = async () =>
    JSON.stringify([
      ...(await Promise.all(
        [net, netEu].flatMap((c) => [
          c.send(new DescribeConnectionsCommand({})).then((o) => o.connections),
          c.send(new DescribeLagsCommand({})).then((o) => o.lags),
          c.send(new DescribeVirtualInterfacesCommand({})).then((o) => o.virtualInterfaces),
        ]),
      )),
      readFileSync(h.dataFile, "utf8"),
    ]);

  it("places a connection on a named device, its logical connection on another: its interfaces and peers follow", async () => {
    const secondary = await connectionNamed(net, "dx-csva1-secondary");
    const body = {
      connectionId: secondary.connectionId,
      awsDevice: "CSVA1-aaaaaaaaaaaa",
      awsLogicalDeviceId: "CSVA1-bbbbbbbbbbbbb",
    };
    const res = await h.control("POST", "/_dxmap/devices", body);
    const backup = await vifNamed(net, "backup-private");
    expect(res).toEqual({
      status: 200,
      body: {
        ...body,
        hasLogicalRedundancy: "yes",
        virtualInterfaceIds: expect.arrayContaining([backup.virtualInterfaceId]),
      },
    });
    const moved = await connectionNamed(net, "dx-csva1-secondary");
    expect(moved).toMatchObject({
      awsDevice: "CSVA1-aaaaaaaaaaaa",
      awsDeviceV2: "CSVA1-aaaaaaaaaaaa",
      awsLogicalDeviceId: "CSVA1-bbbbbbbbbbbbb",
      hasLogicalRedundancy: "yes",
    });
    const vifs = (
      await net.send(new DescribeVirtualInterfacesCommand({ connectionId: secondary.connectionId }))
    ).virtualInterfaces!;
    expect(vifs.map((v) => v.virtualInterfaceId).sort()).toEqual(
      [...(res.body.virtualInterfaceIds as string[])].sort(),
    );
    for (const vif of vifs) {
      for (const r of [vif, ...vif.bgpPeers!]) {
        expect(r.awsDeviceV2).toBe("CSVA1-aaaaaaaaaaaa");
        expect(r.awsLogicalDeviceId).toBe("CSVA1-bbbbbbbbbbbbb");
      }
    }
    // The other connections stayed where they were.
    expect((await connectionNamed(net, "dx-eqdc2-primary")).awsDeviceV2).toBe(
      (await connectionNamed(net, "lag-eqdc2-member-1")).awsDeviceV2,
    );
  });

  it("places a LAG with its members and interfaces; the logical device defaults to the physical one", async () => {
    const lag = (await net.send(new DescribeLagsCommand({}))).lags![0]!;
    const res = await h.control("POST", "/_dxmap/devices", {
      lagId: lag.lagId,
      awsDevice: "EqDC2-zzzzzzzzzzzz",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      lagId: lag.lagId,
      awsDevice: "EqDC2-zzzzzzzzzzzz",
      awsLogicalDeviceId: "EqDC2-zzzzzzzzzzzz",
      hasLogicalRedundancy: "no",
      connectionIds: lag.connections!.map((c) => c.connectionId),
    });
    const after = (await net.send(new DescribeLagsCommand({ lagId: lag.lagId! }))).lags![0]!;
    for (const r of [after, ...after.connections!]) {
      expect(r.awsDeviceV2).toBe("EqDC2-zzzzzzzzzzzz");
      expect(r.awsLogicalDeviceId).toBe("EqDC2-zzzzzzzzzzzz");
      expect(r.hasLogicalRedundancy).toBe("no");
    }
    const shared = await vifNamed(h.client("workload"), "workload-shared");
    expect(shared.awsDeviceV2).toBe("EqDC2-zzzzzzzzzzzz");
    expect((res.body.virtualInterfaceIds as string[]).sort()).toEqual(
      expect.arrayContaining([
        (await vifNamed(net, "lag-private")).virtualInterfaceId,
        shared.virtualInterfaceId,
      ]),
    );
  });

  it("refuses bad input with 400 or 404 and an explanation, and changes nothing", async () => {
    const primary = await connectionNamed(net, "dx-eqdc2-primary");
    const member = await connectionNamed(net, "lag-eqdc2-member-1");
    const lagId = member.lagId!;
    const device = "EqDC2-aaaaaaaaaaaa";
    const cases: [body: Record<string, unknown>, status: number, error: RegExp][] = [
      [{ awsDevice: device }, 400, /exactly one of connectionId and lagId/],
      [
        { connectionId: primary.connectionId, lagId, awsDevice: device },
        400,
        /exactly one of connectionId and lagId/,
      ],
      [{ connectionId: primary.connectionId }, 400, /awsDevice/],
      [{ connectionId: primary.connectionId, awsDevice: device, rack: 4 }, 400, /rack/],
      [
        { connectionId: "dxcon-1", awsDevice: device },
        400,
        /connectionId: dxcon-1 has an invalid format/,
      ],
      [{ lagId: "lag-1", awsDevice: device }, 400, /lagId: lag-1 has an invalid format/],
      [{ connectionId: "dxcon-fxxxxxxx", awsDevice: device }, 404, /No connection dxcon-fxxxxxxx/],
      [{ lagId: "dxlag-fxxxxxxx", awsDevice: device }, 404, /No LAG dxlag-fxxxxxxx/],
      [
        { connectionId: primary.connectionId, awsDevice: "EqDC2-SHORT" },
        400,
        /awsDevice: EqDC2-SHORT is not a device name at EqDC2/,
      ],
      [
        { connectionId: primary.connectionId, awsDevice: "CSVA1-aaaaaaaaaaaa" },
        400,
        /awsDevice: CSVA1-aaaaaaaaaaaa is not a device name at EqDC2/,
      ],
      [
        { connectionId: primary.connectionId, awsDevice: device, awsLogicalDeviceId: "EqDC2" },
        400,
        /awsLogicalDeviceId: EqDC2 is not a device name at EqDC2/,
      ],
      [
        { connectionId: member.connectionId, awsDevice: device },
        400,
        new RegExp(`is a member of ${lagId}, whose members share its device`),
      ],
    ];
    const before = await everything();
    for (const [body, status, error] of cases) {
      const res = await h.control<{ error: string }>("POST", "/_dxmap/devices", body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(res.body.error).toMatch(error);
    }
    expect(await everything()).toBe(before);
  });

  it("refuses to take logical redundancy from a connection whose interface has two peers of a family", async () => {
    const primary = await connectionNamed(netEu, "dx-eirdb1-primary");
    const vif = await vifNamed(netEu, "prod-private");
    await netEu.send(
      new CreateBGPPeerCommand({
        virtualInterfaceId: vif.virtualInterfaceId,
        newBGPPeer: { asn: 65001, addressFamily: "ipv4" },
      }),
    );
    const before = await everything();
    const res = await h.control<{ error: string }>("POST", "/_dxmap/devices", {
      connectionId: primary.connectionId,
      awsDevice: "EirDB1-aaaaaaaaaaaa",
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(
      `${vif.virtualInterfaceId} has two BGP peers of one address family, which need logical redundancy: give an awsLogicalDeviceId other than awsDevice`,
    );
    expect(await everything()).toBe(before);
    // With a logical device of its own, the move is allowed.
    const ok = await h.control("POST", "/_dxmap/devices", {
      connectionId: primary.connectionId,
      awsDevice: "EirDB1-aaaaaaaaaaaa",
      awsLogicalDeviceId: "EirDB1-bbbbbbbbbbbb",
    });
    expect(ok.status).toBe(200);
  });
});

describe("the default seed's resilience targets", () => {
  /** Each Direct Connect gateway's paths as the analysis reads them, from what network and workload see. */
  async function targets() {
    const paths = new Map<string, ResiliencePath[]>();
    for (const client of [net, h.client("workload")]) {
      const vifs = (await client.send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces!;
      for (const vif of vifs) {
        if (
          !vif.directConnectGatewayId ||
          !["available", "down"].includes(vif.virtualInterfaceState!)
        )
          continue;
        const list = paths.get(vif.directConnectGatewayId) ?? [];
        if (list.some((p) => p.virtualInterfaceId === vif.virtualInterfaceId)) continue;
        list.push({
          virtualInterfaceId: vif.virtualInterfaceId!,
          connectionId: vif.connectionId!,
          location: vif.location!,
          device: vif.awsDeviceV2!,
          logicalDevice: vif.awsLogicalDeviceId!,
          region: vif.region!,
          bgpUp: vif.bgpPeers!.some((p) => p.bgpStatus === "up"),
        });
        paths.set(vif.directConnectGatewayId, list);
      }
    }
    const names = new Map<string, string>();
    for (const client of [net, h.client("workload")])
      for (const g of (await client.send(new DescribeDirectConnectGatewaysCommand({})))
        .directConnectGateways!)
        names.set(g.directConnectGatewayName!, g.directConnectGatewayId!);
    return (name: string) => {
      const all = paths.get(names.get(name)!) ?? [];
      return {
        design: modelOf(all),
        live: modelOf(all.filter((p) => p.bgpUp)),
        connections: new Set(all.map((p) => p.connectionId)).size,
        devices: new Set(all.map((p) => p.device)).size,
      };
    };
  }

  it.each([
    ["resilience-max-dxgw", "maximum", "maximum", 4, 4],
    ["resilience-high-dxgw", "high", "high", 2, 2],
    ["dev-test-dxgw", "development", "development", 2, 2],
    ["trap-dxgw", "single", "single", 2, 1],
    ["degraded-dxgw", "high", "single", 2, 2],
  ] as const)(
    "%s is %s by design and %s live, over %i connections on %i devices",
    async (name, design, live, connections, devices) => {
      expect((await targets())(name)).toEqual({ design, live, connections, devices });
    },
  );
});
