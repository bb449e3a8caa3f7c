import { describe, expect, it } from "vitest";

import { association, connection, peer, topology, vif } from "@/lib/topology/fixtures";

import { assemble, diffSlices, GLOBAL, keepSame, slicesOf, type Slice } from "./slices";

const T = "2026-12-06T09:00:00.000Z";
const clone = <X>(x: X): X => JSON.parse(JSON.stringify(x)) as X;

function networkRead() {
  const c = connection(1);
  return topology({
    connections: [c, connection(2, { region: "eu-west-1" })],
    virtualInterfaces: [
      vif(1, c.id, { bgpPeers: [peer(1), peer(2, { addressFamily: "ipv6" })] }),
      vif(2, c.id),
    ],
    directConnectGateways: [
      {
        account: "network",
        id: "dxgw-a",
        name: "a",
        amazonSideAsn: 64512,
        ownerAccount: "111111111111",
        state: "available",
      },
    ],
    directConnectGatewayAssociations: [association("dxgw-a", "tgw-1")],
  });
}

const regional = (t = networkRead()) =>
  slicesOf(t, "network", ["us-east-1", "eu-west-1"], true) as [Slice, Slice, Slice];

describe("slicesOf", () => {
  it("cuts an account's read into its regions and its global resources", () => {
    const [east, west, global] = regional();
    expect(east.connections.map((c) => c.region)).toEqual(["us-east-1"]);
    expect(east.virtualInterfaces).toHaveLength(2);
    expect(west.connections.map((c) => c.region)).toEqual(["eu-west-1"]);
    expect(west.virtualInterfaces).toHaveLength(0);
    expect(global.region).toBe(GLOBAL);
    expect(global.directConnectGateways.map((g) => g.id)).toEqual(["dxgw-a"]);
    expect(global.connections).toEqual([]);
  });
});

describe("keepSame", () => {
  it("keeps unchanged items and lists as the previous objects, and a changed item as new", () => {
    const [before] = regional();
    const t = clone(networkRead());
    t.virtualInterfaces[1]!.bgpPeers[0]!.bgpStatus = "down";
    const [read] = regional(t);
    const kept = keepSame(before, read);
    expect(kept.connections).toBe(before.connections);
    expect(kept.virtualInterfaces).not.toBe(before.virtualInterfaces);
    expect(kept.virtualInterfaces[0]).toBe(before.virtualInterfaces[0]);
    expect(kept.virtualInterfaces[1]).not.toBe(before.virtualInterfaces[1]);
    const again = keepSame(kept, regional(clone(t))[0]);
    expect(again.virtualInterfaces).toBe(kept.virtualInterfaces);
  });
});

describe("diffSlices", () => {
  it("records nothing for a scope's first read (the baseline) nor for an unchanged one", () => {
    const [east] = regional();
    expect(diffSlices(undefined, east, T)).toEqual([]);
    expect(diffSlices(east, keepSame(east, regional(clone(networkRead()))[0]), T)).toEqual([]);
  });

  it("records a BGP session going down, with its interface as parent", () => {
    const [before] = regional();
    const t = clone(networkRead());
    t.virtualInterfaces[0]!.bgpPeers[1]!.bgpStatus = "down";
    const events = diffSlices(before, keepSame(before, regional(t)[0]), T);
    expect(events).toEqual([
      {
        time: T,
        account: "network",
        region: "us-east-1",
        resourceType: "bgpPeer",
        resourceId: before.virtualInterfaces[0]!.bgpPeers[1]!.id,
        parentId: before.virtualInterfaces[0]!.id,
        field: "bgpStatus",
        from: "up",
        to: "down",
      },
    ]);
  });

  it("records a peer added and removed, on the interface and as the peer's state", () => {
    const [before] = regional();
    const t = clone(networkRead());
    const v = t.virtualInterfaces[0]!;
    const gone = v.bgpPeers.pop()!;
    v.bgpPeers.push(peer(9, { state: "pending", bgpStatus: "down" }));
    const events = diffSlices(before, keepSame(before, regional(t)[0]), T);
    const brief = events.map((e) => [e.resourceType, e.resourceId, e.field, e.from, e.to]);
    expect(brief).toEqual([
      ["virtualInterface", v.id, "peer", null, peer(9).id],
      ["bgpPeer", peer(9).id, "state", null, "pending"],
      ["virtualInterface", v.id, "peer", gone.id, null],
      ["bgpPeer", gone.id, "state", "available", null],
    ]);
  });

  it("records states, gateways, resources that appear and go, and associations", () => {
    const [east, , global] = regional();
    const t = clone(networkRead());
    t.connections[0]!.state = "down";
    t.virtualInterfaces[1]!.directConnectGatewayId = "dxgw-a";
    t.virtualInterfaces.shift();
    t.virtualInterfaces.push(vif(3, t.connections[0]!.id, { state: "pending", bgpPeers: [] }));
    t.directConnectGatewayAssociations = [association("dxgw-a", "tgw-2", { state: "associating" })];
    const [eastNext, , globalNext] = regional(t);
    const brief = (e: ReturnType<typeof diffSlices>) =>
      e.map((x) => [x.resourceType, x.resourceId, x.field, x.from, x.to]);
    expect(brief(diffSlices(east, keepSame(east, eastNext), T))).toEqual([
      ["connection", east.connections[0]!.id, "state", "available", "down"],
      ["virtualInterface", east.virtualInterfaces[1]!.id, "gateway", null, "dxgw-a"],
      ["virtualInterface", vif(3, "x").id, "state", null, "pending"],
      ["virtualInterface", east.virtualInterfaces[0]!.id, "state", "available", null],
      ["bgpPeer", peer(1).id, "state", "available", null],
      ["bgpPeer", peer(2).id, "state", "available", null],
    ]);
    expect(brief(diffSlices(global, keepSame(global, globalNext), T))).toEqual([
      ["association", "dxgw-a/tgw-2", "state", null, "associating"],
      ["directConnectGateway", "dxgw-a", "association", null, "tgw-2"],
      ["association", "dxgw-a/tgw-1", "state", "associated", null],
      ["directConnectGateway", "dxgw-a", "association", "tgw-1", null],
    ]);
  });

  it("does not take a scope that failed to read for one whose resources all went", () => {
    const [before] = regional();
    const failed: Slice = {
      ...before,
      connections: [],
      virtualInterfaces: [],
      errors: [{ account: "network", region: "us-east-1", message: "DescribeConnections failed" }],
    };
    expect(diffSlices(before, failed, T)).toEqual([]);
  });

  it("leaves an interface allocated to another configured account to its owner's slice", () => {
    const [before] = regional();
    const t = clone(networkRead());
    t.virtualInterfaces[1]!.ownerAlias = "workload";
    const base = keepSame(before, regional(t)[0]);
    const t2 = clone(t);
    t2.virtualInterfaces[1]!.bgpPeers[0]!.bgpStatus = "down";
    const options = { records: (v: { ownerAlias: string | null }) => v.ownerAlias === "network" };
    expect(diffSlices(base, keepSame(base, regional(t2)[0]), T, options)).toEqual([]);
  });
});

describe("assemble", () => {
  it("joins the slices as one read would, and keeps the lists while no slice changed", () => {
    const slices = regional();
    const memo = new Map();
    const context = { backend: "emulator", accounts: [], regions: ["us-east-1", "eu-west-1"] };
    const first = assemble(slices, context, memo, "all");
    expect(first.connections).toHaveLength(2);
    expect(first.virtualInterfaces).toHaveLength(2);
    expect(first.directConnectGateways).toHaveLength(1);
    const later = slices.map((s) => ({ ...s })) as Slice[];
    const second = assemble(slices, context, memo, "all");
    expect(second).toBe(first);
    const third = assemble(later, context, memo, "all");
    expect(third.virtualInterfaces[0]).toBe(first.virtualInterfaces[0]);
    // A pass that found nothing changed: new slices, a new readAt, the same lists. The lists stay the
    // same arrays, so the topology's encoding is kept (lib/server/topology-response.ts).
    const readAt = "2026-12-06T10:00:00.000Z";
    const reread = slices.map((s) => ({ ...s, readAt })) as Slice[];
    const fourth = assemble(reread, context, memo, "all");
    expect(fourth.readAt).toBe(readAt);
    expect(fourth.virtualInterfaces).toBe(first.virtualInterfaces);
    expect(fourth.connections).toBe(first.connections);
  });

  it("merges an interface read by its owner and by the account that allocated it", () => {
    const c = connection(1);
    const mine = vif(1, c.id, {
      account: "network",
      ownerAlias: "workload",
      visibleTo: ["network"],
    });
    const theirs = { ...mine, account: "workload", visibleTo: ["workload"] };
    const a = slicesOf(topology({ virtualInterfaces: [mine] }), "network", ["us-east-1"], false);
    const b = slicesOf(topology({ virtualInterfaces: [theirs] }), "workload", ["us-east-1"], false);
    const memo = new Map();
    const context = { backend: "emulator", accounts: [], regions: ["us-east-1"] };
    const merged = assemble([...a, ...b], context, memo, "k");
    expect(merged.virtualInterfaces).toHaveLength(1);
    expect(merged.virtualInterfaces[0]!.account).toBe("workload");
    expect(merged.virtualInterfaces[0]!.visibleTo).toEqual(["network", "workload"]);
    const again = assemble(
      [...a, ...b].map((s) => ({ ...s })),
      context,
      memo,
      "k",
    );
    expect(again.virtualInterfaces[0]).toBe(merged.virtualInterfaces[0]);
  });
});
