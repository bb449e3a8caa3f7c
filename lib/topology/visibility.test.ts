import { describe, expect, it } from "vitest";

import { diffStates } from "./changes";
import { connection, estate, lag, peer, topology, vif } from "./fixtures";
import { buildGraph, layoutGraph, type Graph } from "./graph";
import {
  attentionByGroup,
  attentionCount,
  NEEDS_ATTENTION,
  needsAttention,
  shownTopology,
  visibleIds,
} from "./visibility";

const c = connection(1);
const up = vif(1, c.id, {
  name: "up",
  directConnectGatewayId: "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01",
});
const down = vif(2, c.id, {
  name: "down",
  state: "down",
  type: "public",
  bgpPeers: [peer(9, { bgpStatus: "down" })],
});
const t = topology({ connections: [c], virtualInterfaces: [up, down] });
const graph = buildGraph(t);

describe("visibleIds", () => {
  it("shows everything when nothing is filtered", () => {
    expect(visibleIds(graph, { states: [], types: [] })).toBeNull();
  });

  it("shows matches of a state with their connection, and hides the rest", () => {
    const shown = visibleIds(graph, { states: ["down"], types: [] })!;
    expect(shown.has(down.id)).toBe(true);
    expect(shown.has(down.bgpPeers[0]!.id)).toBe(true); // its BGP status is down
    expect(shown.has(c.id)).toBe(true);
    expect(shown.has(up.id)).toBe(false);
    expect(shown.has(up.bgpPeers[0]!.id)).toBe(false);
  });

  it("needs attention: interfaces awaiting approval, hosted connections awaiting acceptance, anything down or rejected", () => {
    const hosted = connection(2, { state: "ordering" });
    const awaiting = vif(3, c.id, {
      name: "awaiting",
      state: "confirming",
      bgpPeers: [peer(10, { bgpStatus: "down" })],
    });
    const sessionDown = vif(4, c.id, {
      name: "session-down",
      bgpPeers: [peer(11, { bgpStatus: "down" }), peer(12)],
    });
    const refused = vif(5, c.id, { name: "refused", state: "rejected" });
    const g = buildGraph(
      topology({
        connections: [c, hosted],
        virtualInterfaces: [up, down, awaiting, sessionDown, refused],
      }),
    );
    const shown = visibleIds(g, { states: [NEEDS_ATTENTION], types: [] })!;
    for (const id of [hosted.id, awaiting.id, down.id, refused.id, sessionDown.bgpPeers[0]!.id])
      expect(shown.has(id), id).toBe(true);
    // The interface of a peer that is down comes with it (to show where it is), but not its healthy peer.
    expect(shown.has(sessionDown.id)).toBe(true);
    expect(shown.has(sessionDown.bgpPeers[1]!.id)).toBe(false);
    expect(shown.has(up.id)).toBe(false);
    expect(
      g.nodes
        .filter(needsAttention)
        .map((n) => n.id)
        .sort(),
    ).toEqual(
      [
        hosted.id,
        awaiting.id,
        awaiting.bgpPeers[0]!.id,
        down.id,
        down.bgpPeers[0]!.id,
        refused.id,
        sessionDown.bgpPeers[0]!.id,
      ].sort(),
    );
    // What the choice counts: things to act on, not what comes along to place them, and not the
    // session of an interface that is itself down or awaiting approval (one problem, counted once).
    expect(attentionCount(g.nodes, [])).toBe(5); // hosted, awaiting, down, refused, sessionDown's peer
    // Of the interface types chosen: connections count whatever the type; "down" is public.
    expect(attentionCount(g.nodes, ["public"])).toBe(2);
  });

  it("a hosted connection its owner declined (rejected) needs nothing more; an interface rejected still does", () => {
    const declined = connection(2, { state: "rejected" });
    const refused = vif(3, c.id, { name: "refused", state: "rejected" });
    const g = buildGraph(
      topology({ connections: [c, declined], virtualInterfaces: [up, refused] }),
    );
    expect(g.nodes.filter(needsAttention).map((n) => n.id)).toEqual([refused.id]);
    expect(visibleIds(g, { states: ["rejected"], types: [] })!.has(declined.id)).toBe(true);
  });

  it("a session is down only on a peer AWS has set up: not one still coming up, nor one being deleted", () => {
    const going = vif(3, c.id, {
      name: "going",
      bgpPeers: [
        peer(10, { state: "deleting", bgpStatus: "down" }),
        peer(11, { state: "deleted", bgpStatus: "down", addressFamily: "ipv6" }),
      ],
    });
    const coming = vif(4, c.id, {
      name: "coming",
      bgpPeers: [
        peer(12, { state: "pending", bgpStatus: "down" }),
        peer(13, { state: "verifying", bgpStatus: "down", addressFamily: "ipv6" }),
      ],
    });
    const broken = vif(5, c.id, {
      name: "broken",
      bgpPeers: [peer(14, { state: "available", bgpStatus: "down" })],
    });
    const g = buildGraph(
      topology({ connections: [c], virtualInterfaces: [up, going, coming, broken] }),
    );
    expect(g.nodes.filter(needsAttention).map((n) => n.id)).toEqual([broken.bgpPeers[0]!.id]);
    expect(attentionCount(g.nodes, [])).toBe(1);
    const shown = visibleIds(g, { states: [NEEDS_ATTENTION], types: [] })!;
    for (const p of [...going.bgpPeers, ...coming.bgpPeers])
      expect(shown.has(p.id), p.state).toBe(false);
    expect(shown.has(broken.bgpPeers[0]!.id)).toBe(true);
    // Asked for by name, "down" still shows every session AWS reports down.
    const downs = visibleIds(g, { states: ["down"], types: [] })!;
    for (const p of [...going.bgpPeers, ...coming.bgpPeers, ...broken.bgpPeers])
      expect(downs.has(p.id)).toBe(true);
  });

  it("a session a failover test holds down is expected, not counted, unlike one down beside the test", () => {
    const tested = peer(15, { bgpStatus: "down" });
    const untested = peer(16, { bgpStatus: "down", addressFamily: "ipv6" });
    const testing = vif(6, c.id, {
      name: "testing",
      state: "testing",
      bgpPeers: [tested, untested],
      failoverTest: { testId: "t-1", bgpPeerIds: [tested.id], endsAt: null },
    });
    const g = buildGraph(topology({ connections: [c], virtualInterfaces: [up, testing] }));
    expect(g.nodes.filter(needsAttention).map((n) => n.id)).toEqual([untested.id]);
    expect(attentionCount(g.nodes, [])).toBe(1);
  });

  it("shows interfaces of a type with their peers, gateways and connection", () => {
    const shown = visibleIds(graph, { states: [], types: ["private"] })!;
    expect([...shown].sort()).toEqual(
      [c.id, up.id, up.bgpPeers[0]!.id, "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01"].sort(),
    );
  });
});

describe("shownTopology", () => {
  // 12 connections alternating regions, 4 interfaces each; every third interface public.
  const base = estate(12, 4, 2);
  const mixed = {
    ...base,
    virtualInterfaces: base.virtualInterfaces.map((v, i) =>
      i % 3 === 0 ? { ...v, type: "public" } : v,
    ),
  };
  const full = layoutGraph(mixed);

  it("lays out only what a filter shows: no room for the rest, each interface level with its first peer, the first with its connection", () => {
    const ids = visibleIds(full, { states: [], types: ["public"] })!;
    const shown = layoutGraph(shownTopology(mixed, ids));
    expect(new Set(shown.nodes.map((n) => n.id))).toEqual(ids);
    const bottom = (g: Graph) => Math.max(...g.nodes.map((n) => n.y + n.height));
    expect(bottom(shown)).toBeLessThan(bottom(full) / 2);
    for (const n of shown.nodes.filter((n) => n.data.kind === "vif")) {
      const first = shown.nodes.find(
        (p) =>
          p.data.kind === "peer" &&
          p.data.vif.id === n.id &&
          p.data.resource.addressFamily === "ipv4",
      );
      expect(first?.y).toBe(n.y);
    }
    for (const c of shown.nodes.filter((n) => n.data.kind === "connection")) {
      const vifs = shown.nodes.filter(
        (n) => n.data.kind === "vif" && n.data.resource.connectionId === c.id,
      );
      expect(Math.min(...vifs.map((v) => v.y))).toBe(c.y);
    }
    // Its bands count what is shown.
    expect(shown.groups.map((g) => [g.region, g.interfaces])).toEqual([
      ["us-east-1", 8],
      ["eu-west-1", 8],
    ]);
  });

  it("keeps only the peers a state filter shows, and the LAG of a member it shows", () => {
    const l = lag(1);
    const member = connection(2, { lagId: l.id, state: "down" });
    const t = topology({ connections: [c, member], lags: [l], virtualInterfaces: [up, down] });
    const ids = visibleIds(buildGraph(t), { states: ["down"], types: [] })!;
    const shown = shownTopology(t, ids);
    expect(shown.lags).toEqual([l]);
    const g = layoutGraph(shown);
    expect(g.nodes.find((n) => n.id === member.id)?.data.kind).toBe("member");
    // "down" has its one peer down: kept as it was (the same object); "up" is not shown.
    expect(shown.virtualInterfaces).toEqual([down]);
    expect(shown.virtualInterfaces[0]).toBe(down);
    const twoPeers = vif(3, c.id, {
      state: "down",
      bgpPeers: [peer(10, { bgpStatus: "down" }), peer(11, { addressFamily: "ipv6" })],
    });
    const t2 = topology({ connections: [c], virtualInterfaces: [twoPeers] });
    const narrowed = shownTopology(
      t2,
      visibleIds(buildGraph(t2), { states: ["down"], types: [] })!,
    );
    expect(narrowed.virtualInterfaces[0]!.bgpPeers.map((p) => p.id)).toEqual([
      twoPeers.bgpPeers[0]!.id,
    ]);
  });
});

describe("diffStates", () => {
  it("lists state changes of resources present in both reads", () => {
    const after = structuredClone(t);
    after.virtualInterfaces[1]!.state = "available";
    after.virtualInterfaces[1]!.bgpPeers[0]!.bgpStatus = "up";
    after.virtualInterfaces.push(vif(3, c.id));
    expect(diffStates(t, after)).toEqual([
      { id: down.id, label: "Interface down", from: "down", to: "available" },
      {
        id: down.bgpPeers[0]!.id,
        label: "BGP peer ipv4 on down",
        from: "available/down",
        to: "available/up",
      },
    ]);
  });

  it("finds the changes among resources a poll hands over unchanged (the same objects)", () => {
    const before = estate(6, 4, 2);
    const after = {
      ...before,
      connections: before.connections.map((x, i) => (i === 5 ? { ...x, state: "down" } : x)),
      virtualInterfaces: before.virtualInterfaces.map((v, i) =>
        i === 3
          ? {
              ...v,
              bgpPeers: v.bgpPeers.map((p, k) => (k === 1 ? { ...p, state: "deleting" } : p)),
            }
          : v,
      ),
    };
    const v = before.virtualInterfaces[3]!;
    expect(diffStates(before, after)).toEqual([
      { id: before.connections[5]!.id, label: "Connection conn-5", from: "available", to: "down" },
      {
        id: v.bgpPeers[1]!.id,
        label: `BGP peer ipv6 on ${v.name}`,
        from: "available/up",
        to: "deleting/up",
      },
    ]);
    expect(diffStates(after, after)).toEqual([]);
    expect(diffStates(before, structuredClone(before))).toEqual([]);
  });

  it("lists an association's state change as its associated gateway's, named by both ends", () => {
    const association = {
      id: "a-1",
      directConnectGatewayId: "dxgw-1",
      associatedGatewayId: "tgw-0123",
      associatedGatewayType: "transitGateway",
      associatedGatewayRegion: "us-east-1",
      associatedGatewayOwnerAccount: "111111111111",
      state: "associating",
      allowedPrefixes: ["10.0.0.0/8"],
    };
    const before = topology({
      directConnectGateways: [
        {
          account: "network",
          id: "dxgw-1",
          name: "core",
          amazonSideAsn: 64512,
          ownerAccount: "111111111111",
          state: "available",
        },
      ],
      directConnectGatewayAssociations: [association],
    });
    const after = {
      ...before,
      directConnectGatewayAssociations: [{ ...association, state: "associated" }],
    };
    expect(diffStates(before, after)).toEqual([
      {
        id: "tgw-0123",
        label: "Association core → tgw-0123",
        from: "associating",
        to: "associated",
      },
    ]);
    expect(diffStates(after, { ...after })).toEqual([]);
  });
});

describe("attentionByGroup", () => {
  it("counts, for each band of the map, the elements in its rows that need attention", () => {
    const west = connection(3, { region: "eu-west-1" });
    const awaiting = vif(6, west.id, {
      region: "eu-west-1",
      state: "confirming",
      bgpPeers: [peer(13, { bgpStatus: "down" })],
    });
    const g = layoutGraph(
      topology({ connections: [c, west], virtualInterfaces: [up, down, awaiting] }),
    );
    expect(g.groups.map((b) => b.region)).toEqual(["us-east-1", "eu-west-1"]);
    // us-east-1: the interface that is down; eu-west-1: the interface awaiting approval (their
    // sessions are down with them: counted once). The gateway (right of the bands) counts in none.
    expect(attentionByGroup(g)).toEqual([1, 1]);
    const healthy = layoutGraph(topology({ connections: [c, west], virtualInterfaces: [up] }));
    expect(attentionByGroup(healthy)).toEqual([0, 0]);
  });
});
