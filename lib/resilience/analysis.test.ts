import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { DxConnection, DxTopology, DxVirtualInterface } from "@/lib/dx/types";
import { connection, lag, peer, topology, vif } from "@/lib/topology/fixtures";

import { AnalysisMemo, analyzeResilience, byWorstFirst, failoverImpact, modelOf } from "./analysis";
import type { ResiliencePath, ResilienceTarget } from "./types";

const GW = "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01";
const gateway = { account: "network", id: GW, name: "core-dxgw", amazonSideAsn: 64512 };

let n = 0;
/** A connection at a location on a device, and one interface on it to the gateway with one IPv4 session. */
function site(location: string, device: string, over: Partial<DxConnection> = {}) {
  const i = ++n;
  const c = connection(i, { location, awsDevice: device, awsLogicalDeviceId: device, ...over });
  const v = vif(i, c.id, {
    location,
    directConnectGatewayId: GW,
    bgpPeers: [peer(i, { customerAddress: `169.254.${i}.2/30` })],
  });
  return { c, v };
}

function estate(
  sites: { c: DxConnection; v: DxVirtualInterface }[],
  over: Partial<DxTopology> = {},
) {
  return topology({
    connections: sites.map((s) => s.c),
    virtualInterfaces: sites.map((s) => s.v),
    directConnectGateways: [
      { ...gateway, ownerAccount: "111111111111", state: "available" as const },
    ],
    ...over,
  });
}

const only = (t: DxTopology) => {
  const targets = analyzeResilience(t);
  expect(targets).toHaveLength(1);
  return targets[0]!;
};

const down = <S extends { v: DxVirtualInterface }>(s: S): S => {
  s.v.state = "down";
  s.v.bgpPeers = s.v.bgpPeers.map((p) => ({ ...p, bgpStatus: "down" }));
  return s;
};

const kinds = (t: ResilienceTarget) => t.singlePointsOfFailure.map((s) => `${s.kind}:${s.id}`);

describe("the models, by AWS's rules", () => {
  const path = (location: string, device: string): ResiliencePath => ({
    virtualInterfaceId: `dxvif-${location}${device}`,
    connectionId: `dxcon-${device}`,
    location,
    device,
    logicalDevice: device,
    region: "us-east-1",
    bgpUp: true,
  });

  it("maximum: two locations, each with two devices", () => {
    expect(modelOf([path("A", "a1"), path("A", "a2"), path("B", "b1"), path("B", "b2")])).toBe(
      "maximum",
    );
  });
  it("high: two locations, only one of them with two devices", () => {
    expect(modelOf([path("A", "a1"), path("A", "a2"), path("B", "b1")])).toBe("high");
    expect(modelOf([path("A", "a1"), path("B", "b1")])).toBe("high");
  });
  it("development: one location, two devices", () => {
    expect(modelOf([path("A", "a1"), path("A", "a2")])).toBe("development");
  });
  it("single: every path on one device, however many connections (the single-device trap)", () => {
    expect(modelOf([path("A", "a1")])).toBe("single");
    expect(modelOf([path("A", "a1"), { ...path("A", "a1"), connectionId: "dxcon-other" }])).toBe(
      "single",
    );
  });
  it("none: no path", () => {
    expect(modelOf([])).toBe("none");
  });
});

describe("targets and paths", () => {
  it("a gateway reached from two locations is high by design and live, and has no single point of failure", () => {
    const t = only(
      estate([site("EqDC2", "EqDC2-aaaaaaaaaaaa"), site("CSVA1", "CSVA1-bbbbbbbbbbbb")]),
    );
    expect(t).toMatchObject({
      id: GW,
      kind: "direct-connect-gateway",
      name: "core-dxgw",
      account: "network",
      designModel: "high",
      liveModel: "high",
      degraded: false,
      singlePointsOfFailure: [],
    });
    expect(t.paths.map((p) => [p.location, p.device, p.bgpUp])).toEqual([
      ["EqDC2", "EqDC2-aaaaaaaaaaaa", true],
      ["CSVA1", "CSVA1-bbbbbbbbbbbb", true],
    ]);
  });

  it("a path whose BGP is down still counts for the design, not for the live model: degraded, with why", () => {
    const a = site("EqDC2", "EqDC2-aaaaaaaaaaaa");
    const b = down(site("CSVA1", "CSVA1-bbbbbbbbbbbb"));
    const t = only(estate([a, b]));
    expect([t.designModel, t.liveModel, t.degraded]).toEqual(["high", "single", true]);
    expect(t.downPaths).toEqual([
      { virtualInterfaceId: b.v.id, reason: expect.stringContaining("BGP down") },
    ]);
    // The one live path is now everything it depends on.
    expect(kinds(t)).toEqual([
      "location:us-east-1/EqDC2",
      "device:EqDC2-aaaaaaaaaaaa",
      `connection:${a.c.id}`,
      `interface:${a.v.id}`,
      `bgp-session:${a.v.bgpPeers[0]!.id}`,
    ]);
  });

  it("an available interface counts as live only with a BGP session up", () => {
    const a = site("EqDC2", "EqDC2-aaaaaaaaaaaa");
    const b = site("CSVA1", "CSVA1-bbbbbbbbbbbb");
    b.v.bgpPeers = [{ ...b.v.bgpPeers[0]!, bgpStatus: "down" }];
    expect(only(estate([a, b])).liveModel).toBe("single");
  });

  it("interfaces confirming, pending, deleting, deleted or rejected are shown, not counted", () => {
    const a = site("EqDC2", "EqDC2-aaaaaaaaaaaa");
    const others = ["confirming", "pending", "deleting", "deleted", "rejected"].map((state) => {
      const s = site("CSVA1", "CSVA1-bbbbbbbbbbbb");
      s.v.state = state;
      return s;
    });
    const t = only(estate([a, ...others]));
    expect(t.designModel).toBe("single");
    expect(t.paths).toHaveLength(1);
    expect(t.notCounted.map((x) => x.state)).toEqual([
      "confirming",
      "pending",
      "deleting",
      "deleted",
      "rejected",
    ]);
  });

  it("a gateway with only unbuilt interfaces is none", () => {
    const a = site("EqDC2", "EqDC2-aaaaaaaaaaaa");
    a.v.state = "confirming";
    const t = only(estate([a]));
    expect([t.designModel, t.liveModel, t.singlePointsOfFailure]).toEqual(["none", "none", []]);
  });

  it("virtual private gateways and an account's public reach are targets too; unused gateways are not", () => {
    const a = site("EqDC2", "EqDC2-aaaaaaaaaaaa");
    a.v.directConnectGatewayId = null;
    a.v.virtualGatewayId = "vgw-0a1b2c3d";
    const p = site("CSVA1", "CSVA1-bbbbbbbbbbbb");
    p.v.directConnectGatewayId = null;
    p.v.type = "public";
    const targets = analyzeResilience(
      estate([a, p], {
        virtualGateways: [
          { account: "workload", region: "us-east-1", id: "vgw-0a1b2c3d", state: "available" },
          { account: "workload", region: "us-east-1", id: "vgw-unused", state: "available" },
        ],
      }),
    );
    expect(targets.map((t) => [t.id, t.kind, t.account])).toEqual([
      ["vgw-0a1b2c3d", "virtual-private-gateway", "workload"],
      ["public:111111111111", "public", "network"],
    ]);
  });

  it("a LAG's members share one device: its path is the LAG's", () => {
    const l = lag(1, {
      location: "EqDC2",
      awsDevice: "EqDC2-llllllllllll",
      awsLogicalDeviceId: "EqDC2-llllllllllll",
    });
    const v = vif(90, l.id, { directConnectGatewayId: GW });
    const t = only(estate([], { lags: [l], virtualInterfaces: [v] }));
    expect(t.paths[0]).toMatchObject({ connectionId: l.id, lagId: l.id, device: l.awsDevice });
    expect(t.singlePointsOfFailure.find((s) => s.kind === "connection")?.reason).toMatch(/LAG/);
  });
});

describe("single points of failure", () => {
  it("a location: two devices there, nothing elsewhere (development)", () => {
    const t = only(
      estate([site("EqDC2", "EqDC2-aaaaaaaaaaaa"), site("EqDC2", "EqDC2-cccccccccccc")]),
    );
    expect(t.designModel).toBe("development");
    expect(kinds(t)).toEqual(["location:us-east-1/EqDC2"]);
    expect(t.singlePointsOfFailure[0]!.reason).toMatch(/All 2 live paths are at EqDC2/);
  });

  it("a device: two connections on one device (the trap)", () => {
    const t = only(
      estate([site("EqDC2", "EqDC2-aaaaaaaaaaaa"), site("EqDC2", "EqDC2-aaaaaaaaaaaa")]),
    );
    expect(t.designModel).toBe("single");
    expect(kinds(t)).toEqual(["location:us-east-1/EqDC2", "device:EqDC2-aaaaaaaaaaaa"]);
    expect(t.singlePointsOfFailure[1]!.reason).toMatch(/one failure domain/);
  });

  it("a logical device shared by connections on different physical devices", () => {
    const t = only(
      estate([
        site("EqDC2", "EqDC2-aaaaaaaaaaaa", { awsLogicalDeviceId: "EqDC2-logical00001" }),
        site("EqDC2", "EqDC2-cccccccccccc", { awsLogicalDeviceId: "EqDC2-logical00001" }),
      ]),
    );
    expect(kinds(t)).toContain("device:EqDC2-logical00001");
    expect(t.singlePointsOfFailure.at(-1)!.reason).toMatch(/connections end on different devices/);
    // On one physical device as well: both are said, without the "though".
    const both = only(
      estate([
        site("EqDC2", "EqDC2-aaaaaaaaaaaa", { awsLogicalDeviceId: "EqDC2-logical00001" }),
        site("EqDC2", "EqDC2-aaaaaaaaaaaa", { awsLogicalDeviceId: "EqDC2-logical00001" }),
      ]),
    );
    expect(kinds(both)).toEqual(
      expect.arrayContaining(["device:EqDC2-aaaaaaaaaaaa", "device:EqDC2-logical00001"]),
    );
    expect(both.singlePointsOfFailure.find((s) => s.id === "EqDC2-logical00001")!.reason).toBe(
      "Every live BGP session ends on one logical device, EqDC2-logical00001, too.",
    );
  });

  it("a connection: two interfaces on one connection", () => {
    const a = site("EqDC2", "EqDC2-aaaaaaaaaaaa");
    const second = vif(77, a.c.id, {
      directConnectGatewayId: GW,
      bgpPeers: [peer(77, { customerAddress: "169.254.77.2/30" })],
    });
    const t = only(estate([a], { virtualInterfaces: [a.v, second] }));
    expect(kinds(t)).toContain(`connection:${a.c.id}`);
    expect(kinds(t)).not.toContain(`interface:${a.v.id}`);
  });

  it("an interface, and a BGP session only when it is the one session up", () => {
    const a = site("EqDC2", "EqDC2-aaaaaaaaaaaa");
    a.v.bgpPeers = [
      peer(1000, { customerAddress: "169.254.9.2/30" }),
      peer(1001, { addressFamily: "ipv6", customerAddress: "2001:db8::2/125" }),
    ];
    const t = only(estate([a]));
    expect(kinds(t)).toContain(`interface:${a.v.id}`);
    expect(t.singlePointsOfFailure.some((s) => s.kind === "bgp-session")).toBe(false);
  });

  it("nothing is a single point of failure of a target that has no live path", () => {
    const t = only(estate([down(site("EqDC2", "EqDC2-aaaaaaaaaaaa"))]));
    expect([t.liveModel, t.singlePointsOfFailure]).toEqual(["none", []]);
  });
});

describe("what the models miss", () => {
  it("the primary and the only backup session of a family on one connection without logical redundancy", () => {
    const a = site("EqDC2", "EqDC2-aaaaaaaaaaaa", { hasLogicalRedundancy: "no" });
    const backup = vif(55, a.c.id, {
      directConnectGatewayId: GW,
      bgpPeers: [peer(55, { customerAddress: "169.254.55.2/30" })],
    });
    const t = only(estate([a], { virtualInterfaces: [a.v, backup] }));
    expect(t.warnings).toEqual([expect.stringMatching(/primary and the only backup IPv4/)]);
    a.c.hasLogicalRedundancy = "yes";
    expect(only(estate([a], { virtualInterfaces: [a.v, backup] })).warnings).toEqual([]);
  });

  it("both paths' sessions to one customer address", () => {
    const a = site("EqDC2", "EqDC2-aaaaaaaaaaaa");
    const b = site("CSVA1", "CSVA1-bbbbbbbbbbbb");
    b.v.bgpPeers = [{ ...b.v.bgpPeers[0]!, customerAddress: a.v.bgpPeers[0]!.customerAddress }];
    const t = only(estate([a, b]));
    expect(t.liveModel).toBe("high");
    expect(t.warnings).toEqual([expect.stringMatching(/one customer router/)]);
  });
});

describe("during a failover test", () => {
  it("a path its test holds down is expected: the target is not degraded, and says why", () => {
    const a = site("EqDC2", "EqDC2-aaaaaaaaaaaa");
    const b = site("CSVA1", "CSVA1-bbbbbbbbbbbb");
    const tested = b.v.bgpPeers[0]!;
    b.v.state = "testing";
    b.v.bgpPeers = [{ ...tested, bgpStatus: "down" }];
    b.v.failoverTest = { testId: "t-1", bgpPeerIds: [tested.id], endsAt: null };
    const t = only(estate([a, b]));
    expect([t.designModel, t.liveModel, t.degraded, t.testing]).toEqual([
      "high",
      "single",
      false,
      true,
    ]);
    expect(t.downPaths[0]!.reason).toMatch(/Failover test/);
  });
  it("a session down beside the test is still a fault", () => {
    const a = down(site("EqDC2", "EqDC2-aaaaaaaaaaaa"));
    const b = site("CSVA1", "CSVA1-bbbbbbbbbbbb");
    const c = site("TCDUB", "TCDUB-cccccccccccc");
    const tested = b.v.bgpPeers[0]!;
    b.v.state = "testing";
    b.v.bgpPeers = [{ ...tested, bgpStatus: "down" }];
    b.v.failoverTest = { testId: "t-1", bgpPeerIds: [tested.id], endsAt: null };
    const t = only(estate([a, b, c]));
    expect([t.liveModel, t.degraded, t.testing]).toEqual(["single", true, true]);
  });
});

describe("a failover test's impact, before it starts", () => {
  it("says which targets stay up and through what, and which are cut off", () => {
    const a = site("EqDC2", "EqDC2-aaaaaaaaaaaa");
    const b = site("CSVA1", "CSVA1-bbbbbbbbbbbb");
    const lone = site("EqDC2", "EqDC2-aaaaaaaaaaaa");
    lone.v.directConnectGatewayId = null;
    lone.v.virtualGatewayId = "vgw-0lone000";
    const t = estate([a, b, lone]);

    const stays = failoverImpact(t, a.v.id, [a.v.bgpPeers[0]!.id]);
    expect(stays.targets).toHaveLength(1);
    expect(stays.targets[0]).toMatchObject({ before: "high", cutOff: false });
    expect(stays.targets[0]!.target.liveModel).toBe("single");
    expect(stays.targets[0]!.through.map((p) => p.virtualInterfaceId)).toEqual([b.v.id]);

    const cut = failoverImpact(t, lone.v.id, [lone.v.bgpPeers[0]!.id]);
    expect(cut.targets[0]).toMatchObject({ before: "single", cutOff: true, through: [] });
    expect(cut.targets[0]!.target.downPaths[0]!.reason).toMatch(/taken down by the test/);
  });
});

it("sorts worst first: degraded, then by live model", () => {
  const mk = (name: string, liveModel: ResilienceTarget["liveModel"], degraded = false) =>
    ({ name, liveModel, designModel: liveModel, degraded }) as ResilienceTarget;
  const sorted = [mk("a", "maximum"), mk("b", "single"), mk("c", "high", true), mk("d", "none")]
    .sort(byWorstFirst)
    .map((t) => t.name);
  expect(sorted).toEqual(["c", "d", "b", "a"]);
});

describe("an analysis that reuses what the snapshot before it kept", () => {
  const gateways = ["a", "b", "c", "d"].map((g, i) => ({
    ...gateway,
    id: `0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a1${i}`,
    name: `dxgw-${g}`,
    ownerAccount: "111111111111",
    state: "available" as const,
  }));
  const LOCATIONS = ["EqDC2", "EqAM1", "TCSH"];
  const conns = Array.from({ length: 8 }, (_, i) =>
    connection(100 + i, {
      location: LOCATIONS[i % 3]!,
      awsDevice: `${LOCATIONS[i % 3]}-d${i % 2}`,
      awsLogicalDeviceId: `${LOCATIONS[i % 3]}-d${i % 2}`,
    }),
  );
  const lags = [lag(100, { location: "EqAM1", awsDevice: "EqAM1-lag" })];
  const parentIds = [...conns.map((c) => c.id), lags[0]!.id];
  const vifs = Array.from({ length: 24 }, (_, i) =>
    vif(200 + i, parentIds[i % parentIds.length]!, {
      type: i % 7 === 6 ? "public" : "private",
      directConnectGatewayId: i % 7 === 6 ? null : gateways[i % 4]!.id,
      bgpPeers: [
        peer(400 + 2 * i, { customerAddress: `169.254.${i % 5}.2/30` }),
        peer(401 + 2 * i, { addressFamily: "ipv6", customerAddress: null }),
      ],
    }),
  );
  const first = topology({
    connections: conns,
    lags,
    virtualInterfaces: vifs,
    directConnectGateways: gateways,
  });

  type Edit =
    | { what: "peer"; i: number; up: boolean }
    | { what: "vif"; i: number; state: string }
    | { what: "gateway"; i: number; to: number }
    | { what: "move"; i: number; to: number }
    | { what: "device"; i: number; device: string }
    | { what: "lag"; device: string | null }
    | { what: "remove"; i: number };
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ what: fc.constant("peer"), i: fc.nat(), up: fc.boolean() }),
    fc.record({
      what: fc.constant("vif"),
      i: fc.nat(),
      state: fc.constantFrom("available", "down", "testing", "pending", "deleted"),
    }),
    fc.record({ what: fc.constant("gateway"), i: fc.nat(), to: fc.nat() }),
    fc.record({ what: fc.constant("move"), i: fc.nat(), to: fc.nat() }),
    fc.record({
      what: fc.constant("device"),
      i: fc.nat(),
      device: fc.constantFrom("EqDC2-d0", "EqDC2-d1", "EqAM1-x"),
    }),
    fc.record({ what: fc.constant("lag"), device: fc.constantFrom(null, "EqAM1-lag", "EqAM1-d0") }),
    fc.record({ what: fc.constant("remove"), i: fc.nat() }),
  ) as fc.Arbitrary<Edit>;

  /** A poll's next snapshot: what an edit touches is a new object, everything else the same one. */
  function next(t: DxTopology, edits: Edit[]): DxTopology {
    const v = [...t.virtualInterfaces];
    const c = [...t.connections];
    let l = [...t.lags];
    for (const e of edits) {
      if (e.what === "lag") {
        l = l.map((x) => ({ ...x, awsDevice: e.device }));
        continue;
      }
      if (e.what === "device") {
        const k = e.i % c.length;
        c[k] = { ...c[k]!, awsDevice: e.device };
        continue;
      }
      if (v.length === 0) continue;
      const k = e.i % v.length;
      const x = v[k]!;
      if (e.what === "remove") v.splice(k, 1);
      else if (e.what === "peer")
        v[k] = {
          ...x,
          bgpPeers: x.bgpPeers.map((p, j) =>
            j === 0 ? { ...p, bgpStatus: e.up ? "up" : "down" } : p,
          ),
        };
      else if (e.what === "vif") v[k] = { ...x, state: e.state };
      else if (e.what === "gateway")
        v[k] = { ...x, directConnectGatewayId: gateways[e.to % gateways.length]!.id };
      else v[k] = { ...x, connectionId: parentIds[e.to % parentIds.length]! };
    }
    return { ...t, connections: c, lags: l, virtualInterfaces: v };
  }

  it("answers, poll after poll, what an analysis from nothing answers", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(edit, { maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (polls) => {
          const memo = new AnalysisMemo();
          let t = first;
          expect(analyzeResilience(t, { memo })).toEqual(analyzeResilience(t));
          for (const edits of polls) {
            t = next(t, edits);
            expect(analyzeResilience(t, { memo })).toEqual(analyzeResilience(t));
          }
        },
      ),
    );
  });

  it("redoes only the target whose session changed", () => {
    const memo = new AnalysisMemo();
    const before = analyzeResilience(first, { memo });
    const after = analyzeResilience(next(first, [{ what: "peer", i: 0, up: false }]), { memo });
    const changed = after.filter((t, i) => t !== before[i]).map((t) => t.id);
    expect(changed).toEqual([vifs[0]!.directConnectGatewayId]);
  });

  it("is not used for a failover test's preview, whose sessions down are not the snapshot's", () => {
    const memo = new AnalysisMemo();
    analyzeResilience(first, { memo });
    const preview = analyzeResilience(first, {
      memo,
      sessionsDown: new Set(vifs[0]!.bgpPeers.map((p) => p.id)),
    });
    expect(preview).toEqual(
      analyzeResilience(first, { sessionsDown: new Set(vifs[0]!.bgpPeers.map((p) => p.id)) }),
    );
    expect(preview).not.toEqual(analyzeResilience(first));
  });
});
