import { describe, expect, it } from "vitest";

import type { DxTopology } from "@/lib/dx/types";

import { buildGraph, findNode, findNodes, layoutGraph, scopeTopology } from "./graph";
import { connection, estate, lag, peer, topology, vif } from "./fixtures";

const positions = (g: ReturnType<typeof buildGraph>) => new Map(g.nodes.map((n) => [n.id, `${n.x},${n.y}`]));

describe("buildGraph", () => {
  it("keys nodes by AWS id with edges connection → interface → peer and interface → gateway", () => {
    const c = connection(1);
    const v = vif(1, c.id, { directConnectGatewayId: "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01" });
    const g = buildGraph(topology({ connections: [c], virtualInterfaces: [v] }));
    expect(g.nodes.map((n) => [n.id, n.data.kind])).toEqual([
      [c.id, "connection"],
      [v.id, "vif"],
      [v.bgpPeers[0]!.id, "peer"],
      ["0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01", "dxgw"],
    ]);
    expect(g.edges.map((e) => [e.source, e.target])).toEqual([
      [c.id, v.id],
      [v.id, v.bgpPeers[0]!.id],
      [v.id, "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01"],
    ]);
    // A gateway dxmap cannot read is still drawn, as a placeholder with an unknown state.
    expect(g.nodes[3]!.state).toBe("unknown");
  });

  it("reads left to right: connection, interface, peer, gateway columns", () => {
    const c = connection(1);
    const v = vif(1, c.id, { virtualGatewayId: "vgw-12345678" });
    const g = buildGraph(topology({ connections: [c], virtualInterfaces: [v] }));
    const x = (id: string) => g.nodes.find((n) => n.id === id)!.x;
    expect(x(c.id)).toBeLessThan(x(v.id));
    expect(x(v.id)).toBeLessThan(x(v.bgpPeers[0]!.id));
    expect(x(v.bgpPeers[0]!.id)).toBeLessThan(x("vgw-12345678"));
  });

  it("draws LAG members as nodes feeding their LAG", () => {
    const l = lag(1);
    const members = [connection(1, { lagId: l.id }), connection(2, { lagId: l.id })];
    const g = buildGraph(topology({ connections: members, lags: [l] }));
    expect(g.nodes.filter((n) => n.data.kind === "member").map((n) => n.id)).toEqual(members.map((m) => m.id));
    expect(g.edges.filter((e) => e.target === l.id)).toHaveLength(2);
  });

  it("never moves a node when only states change", () => {
    const before = estate(10, 5, 2);
    const after = structuredClone(before);
    after.virtualInterfaces.forEach((v, i) => {
      v.state = i % 3 ? "down" : "deleting";
      v.bgpPeers.forEach((p) => ((p.state = "pending"), (p.bgpStatus = "down")));
    });
    after.connections.forEach((c) => (c.state = "down"));
    expect(positions(buildGraph(after))).toEqual(positions(buildGraph(before)));
  });

  it("keeps the layout when only states change: the same graph as a fresh layout, untouched nodes and edges kept", () => {
    const before = estate(10, 5, 2);
    // A poll as React Query hands it over: unchanged resources are the same objects (structural sharing).
    const after: DxTopology = {
      ...before,
      readAt: "2026-11-27T10:00:02.000Z",
      connections: before.connections.map((c, i) => (i === 2 ? { ...c, state: "down" } : c)),
      virtualInterfaces: before.virtualInterfaces.map((v, i) =>
        i === 7 ? { ...v, bgpPeers: v.bgpPeers.map((p, k) => (k === 1 ? { ...p, bgpStatus: "down" } : p)) } : i === 9 ? { ...v, state: "deleting" } : v,
      ),
      directConnectGateways: before.directConnectGateways.map((g, i) => (i === 0 ? { ...g, state: "deleting" } : g)),
    };
    const first = buildGraph(before);
    const second = buildGraph(after);
    expect(second).toEqual(layoutGraph(after));
    expect(second.edges).toBe(first.edges);
    const changed = new Set([after.connections[2]!.id, after.virtualInterfaces[7]!.id, ...after.virtualInterfaces[7]!.bgpPeers.map((p) => p.id), after.virtualInterfaces[9]!.id, ...after.virtualInterfaces[9]!.bgpPeers.map((p) => p.id), after.directConnectGateways[0]!.id]);
    second.nodes.forEach((n, i) => (changed.has(n.id) ? expect(n).not.toBe(first.nodes[i]) : expect(n).toBe(first.nodes[i])));
    expect(second.nodes.find((n) => n.id === after.virtualInterfaces[7]!.bgpPeers[1]!.id)?.data).toMatchObject({ resource: { bgpStatus: "down" } });
    // Nothing changed: the same graph.
    expect(buildGraph({ ...after })).toBe(second);
  });

  it("lays out again when the structure changes", () => {
    const before = estate(4, 3, 2);
    buildGraph(before);
    const moved = { ...before, virtualInterfaces: before.virtualInterfaces.map((v, i) => (i === 0 ? { ...v, vlan: 999 } : v)) };
    expect(buildGraph(moved)).toEqual(layoutGraph(moved));
    const grown = { ...moved, virtualInterfaces: [...moved.virtualInterfaces, vif(99, moved.connections[0]!.id)] };
    expect(buildGraph(grown)).toEqual(layoutGraph(grown));
    expect(buildGraph(grown).nodes.some((n) => n.id === vif(99, "x").id)).toBe(true);
  });

  it("does not overlap nodes in a column", () => {
    const g = buildGraph(estate(30, 6, 2));
    const byColumn = new Map<number, { y: number; h: number }[]>();
    for (const n of g.nodes) byColumn.set(n.x, [...(byColumn.get(n.x) ?? []), { y: n.y, h: n.height }]);
    for (const column of byColumn.values()) {
      column.sort((a, b) => a.y - b.y);
      for (let i = 1; i < column.length; i++) expect(column[i]!.y).toBeGreaterThanOrEqual(column[i - 1]!.y + column[i - 1]!.h);
    }
    expect(new Set(g.nodes.map((n) => n.id)).size).toBe(g.nodes.length);
  });

  it("draws a placeholder for the connection of an interface whose owner dxmap cannot read", () => {
    const v = vif(1, "dxcon-fzzzzzzz", { account: "workload", ownerAlias: "workload" });
    const g = buildGraph(topology({ virtualInterfaces: [v] }));
    expect(g.nodes[0]).toMatchObject({ id: "dxcon-fzzzzzzz", state: "unknown", data: { kind: "connection", resource: null } });
  });
});

describe("scope and search", () => {
  it("keeps an allocated interface in the scope of both accounts that see it", () => {
    const c = connection(1);
    const v = vif(1, c.id, { account: "workload", ownerAlias: "workload", visibleTo: ["network", "workload"] });
    const t = topology({ connections: [c], virtualInterfaces: [v] });
    expect(scopeTopology(t, ["workload"], []).virtualInterfaces).toHaveLength(1);
    expect(scopeTopology(t, [], ["eu-west-1"]).virtualInterfaces).toHaveLength(0);
  });

  it("keeps the connection under an allocated interface, with its state, when its owner is filtered out", () => {
    const c = connection(1);
    const other = connection(2);
    const v = vif(1, c.id, { account: "workload", ownerAlias: "workload", visibleTo: ["network", "workload"] });
    const scoped = scopeTopology(topology({ connections: [c, other], virtualInterfaces: [v] }), ["workload"], []);
    expect(scoped.connections.map((x) => x.id)).toEqual([c.id]);
    expect(findNode(buildGraph(scoped).nodes, c.id)).toMatchObject({ state: c.state, data: { kind: "connection", resource: c } });
  });

  it("finds by id, name, VLAN or ASN", () => {
    const c = connection(1);
    const v = vif(7, c.id, { name: "prod-private", vlan: 101, bgpPeers: [peer(1, { asn: 65123 })] });
    const g = buildGraph(topology({ connections: [c], virtualInterfaces: [v] }));
    expect(findNode(g.nodes, "101")?.id).toBe(v.id);
    expect(findNode(g.nodes, "prod")?.id).toBe(v.id);
    expect(findNode(g.nodes, v.id)?.id).toBe(v.id);
    expect(findNode(g.nodes, "65123")?.data.kind).toBe("peer");
    expect(findNode(g.nodes, "nothing-like-this")).toBeUndefined();
  });

  it("lists every match, exact ones first, for a search that goes on to the next", () => {
    const c = connection(1);
    const east = vif(1, c.id, { name: "app-east", vlan: 410 });
    const west = vif(2, c.id, { name: "app-west", vlan: 410 });
    const partial = vif(3, c.id, { name: "edge", vlan: 2410 });
    const g = buildGraph(topology({ connections: [c], virtualInterfaces: [partial, east, west] }));
    const ids = findNodes(g.nodes, "410").map((n) => n.id);
    expect(ids.slice(0, 2).sort()).toEqual([east.id, west.id].sort());
    expect(ids[2]).toBe(partial.id);
    expect(findNodes(g.nodes, " ")).toEqual([]);
  });
});
