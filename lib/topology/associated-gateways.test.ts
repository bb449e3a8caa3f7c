// The gateways associated with Direct Connect gateways, at the map's right edge (lib/topology/graph.ts).
import { describe, expect, it } from "vitest";

import type { DxTopology } from "@/lib/dx/types";

import { buildGraph, findNodes, layoutGraph, type Graph, type GraphNode } from "./graph";
import { association, connection, estate, topology, vif } from "./fixtures";
import { shownTopology, visibleIds } from "./visibility";

const TGW = "tgw-0123456789abcdef0";
const TGW_2 = "tgw-0fedcba9876543210";
const VGW = "vgw-12345678";

/** The fixture estate (20 Direct Connect gateways, the first used by interfaces in two regions), with associations. */
function estateWith(over: (t: DxTopology) => DxTopology["directConnectGatewayAssociations"]) {
  const t = estate(6, 2, 1);
  return { ...t, directConnectGatewayAssociations: over(t) };
}

const node = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)!;
const bandOf = (g: Graph, n: GraphNode) =>
  g.groups.findIndex((b) => n.y >= b.y && n.y + n.height <= b.bottom);

describe("associated gateways", () => {
  it("are nodes in a column of their own at the right edge, beside their Direct Connect gateway, in its band", () => {
    // The fixture's first gateways: 0 and 1 used in us-east-1, 2 in eu-west-1.
    const t = estateWith((t) => [
      association(t.directConnectGateways[0]!.id, TGW),
      association(t.directConnectGateways[2]!.id, VGW, { associatedGatewayRegion: "eu-west-1" }),
    ]);
    const g = layoutGraph(t);
    const rightmost = Math.max(...g.nodes.map((n) => n.x));
    for (const [dxgw, target, region] of [
      [t.directConnectGateways[0]!.id, TGW, "us-east-1"],
      [t.directConnectGateways[2]!.id, VGW, "eu-west-1"],
    ] as const) {
      const a = node(g, target);
      const d = node(g, dxgw);
      expect(a.data.kind).toBe("associated");
      expect(a.x).toBe(rightmost);
      expect(a.x).toBeGreaterThan(d.x + d.width);
      expect(a.x + a.width).toBe(g.width);
      expect(bandOf(g, a), target).toBe(bandOf(g, d));
      expect(g.groups[bandOf(g, a)]!.region).toBe(region);
      // Beside it: level with it, since nothing above it in the column is in the way.
      expect(a.y).toBe(d.y);
      expect(g.edges.filter((e) => e.target === target)).toEqual([
        expect.objectContaining({ source: dxgw, kind: "association" }),
      ]);
    }
    expect(node(g, VGW)).toMatchObject({
      region: "eu-west-1",
      account: "network",
      state: "associated",
    });
    // The edge leaves the Direct Connect gateway's side along a lane between the two columns.
    const edge = g.edges.find((e) => e.target === TGW)!;
    const d = node(g, t.directConnectGateways[0]!.id);
    expect(edge.route!.laneY).toBe(d.y + d.height / 2);
    expect(edge.route!.trunkX).toBeGreaterThan(d.x + d.width);
    expect(edge.route!.trunkX).toBeLessThan(node(g, TGW).x);
  });

  it("sit in a band of their own region when their Direct Connect gateway's band is another's", () => {
    const t = estateWith((t) => [
      // Gateway 1 is used in us-east-1 only; gateway 19 by no interface (the global band).
      association(t.directConnectGateways[1]!.id, VGW, { associatedGatewayRegion: "eu-west-1" }),
      association(t.directConnectGateways[19]!.id, TGW),
    ]);
    const g = layoutGraph(t);
    expect(g.groups[bandOf(g, node(g, VGW))]).toMatchObject({
      region: "eu-west-1",
      account: "network",
    });
    expect(g.groups[bandOf(g, node(g, TGW))]).toMatchObject({
      region: "us-east-1",
      account: "network",
    });
    expect(g.edges.find((e) => e.target === TGW)?.source).toBe(t.directConnectGateways[19]!.id);
  });

  it("stacks a Direct Connect gateway's associated gateways down from its row, without overlaps", () => {
    const t = estateWith((t) =>
      Array.from({ length: 5 }, (_, i) =>
        association(t.directConnectGateways[i % 2]!.id, `tgw-0${String(i).padStart(16, "0")}`),
      ),
    );
    const g = layoutGraph(t);
    const column = g.nodes.filter((n) => n.data.kind === "associated").sort((a, b) => a.y - b.y);
    expect(column).toHaveLength(5);
    for (let i = 1; i < column.length; i++)
      expect(column[i]!.y).toBeGreaterThanOrEqual(column[i - 1]!.y + column[i - 1]!.height);
    // Every node still sits inside one band.
    for (const n of g.nodes) expect(bandOf(g, n), n.id).toBeGreaterThanOrEqual(0);
  });

  it("draws a gateway associated with two Direct Connect gateways once, with an edge from each", () => {
    const t = estateWith((t) => [
      association(t.directConnectGateways[0]!.id, TGW),
      association(t.directConnectGateways[1]!.id, TGW, { state: "associating" }),
    ]);
    const g = layoutGraph(t);
    expect(g.nodes.filter((n) => n.id === TGW)).toHaveLength(1);
    expect(g.edges.filter((e) => e.target === TGW).map((e) => e.source)).toEqual([
      t.directConnectGateways[0]!.id,
      t.directConnectGateways[1]!.id,
    ]);
    const n = node(g, TGW);
    expect(n.data.kind === "associated" && n.data.associations.map((a) => a.state)).toEqual([
      "associated",
      "associating",
    ]);
  });

  it("joins a virtual private gateway an interface uses directly where it is, not in a second node", () => {
    const c = connection(1);
    const direct = vif(1, c.id, { virtualGatewayId: VGW });
    const viaDxgw = vif(2, c.id, {
      directConnectGatewayId: "00000000-0000-4000-a000-000000000001",
    });
    const t = topology({
      connections: [c],
      virtualInterfaces: [direct, viaDxgw],
      directConnectGatewayAssociations: [association(viaDxgw.directConnectGatewayId!, VGW)],
    });
    const g = layoutGraph(t);
    expect(g.nodes.filter((n) => n.id === VGW).map((n) => n.data.kind)).toEqual(["vgw"]);
    expect(g.edges.find((e) => e.kind === "association")).toMatchObject({
      source: viaDxgw.directConnectGatewayId,
      target: VGW,
    });
  });

  it("takes an idle virtual private gateway out of the gateway column once it is associated", () => {
    const t = {
      ...estateWith((t) => [association(t.directConnectGateways[0]!.id, VGW)]),
      virtualGateways: [{ id: VGW, state: "available", account: "network", region: "us-east-1" }],
    };
    const g = layoutGraph(t);
    expect(g.nodes.filter((n) => n.id === VGW).map((n) => n.data.kind)).toEqual(["associated"]);
  });

  it("leaves out the associations of a Direct Connect gateway that is not on the map", () => {
    const g = layoutGraph(
      estateWith(() => [association("00000000-0000-4000-a000-0000000000ff", TGW)]),
    );
    expect(g.nodes.some((n) => n.id === TGW)).toBe(false);
    expect(g.edges.some((e) => e.kind === "association")).toBe(false);
  });

  it("moves nothing when an association's state changes: the same graph as a fresh layout, one new node", () => {
    const before = estateWith((t) => [
      association(t.directConnectGateways[0]!.id, TGW, { state: "associating" }),
      association(t.directConnectGateways[1]!.id, TGW_2),
    ]);
    const after: DxTopology = {
      ...before,
      directConnectGatewayAssociations: before.directConnectGatewayAssociations.map((a, i) =>
        i === 0 ? { ...a, state: "associated", allowedPrefixes: ["10.1.0.0/16"] } : a,
      ),
    };
    const first = buildGraph(before);
    const second = buildGraph(after);
    expect(second).toEqual(layoutGraph(after));
    expect(second.edges).toBe(first.edges);
    second.nodes.forEach((n, i) =>
      n.id === TGW ? expect(n).not.toBe(first.nodes[i]) : expect(n).toBe(first.nodes[i]),
    );
    expect(node(second, TGW).state).toBe("associated");
  });

  it("lays out again when an association is added", () => {
    const before = estateWith((t) => [association(t.directConnectGateways[0]!.id, TGW)]);
    buildGraph(before);
    const after = {
      ...before,
      directConnectGatewayAssociations: [
        ...before.directConnectGatewayAssociations,
        association(before.directConnectGateways[0]!.id, TGW_2),
      ],
    };
    expect(buildGraph(after)).toEqual(layoutGraph(after));
    expect(buildGraph(after).nodes.some((n) => n.id === TGW_2)).toBe(true);
  });

  it("are found by id, and by type:tgw, region: and state:", () => {
    const g = layoutGraph(
      estateWith((t) => [
        association(t.directConnectGateways[0]!.id, TGW, { state: "associating" }),
        association(t.directConnectGateways[1]!.id, VGW, { associatedGatewayRegion: "eu-west-1" }),
      ]),
    );
    expect(findNodes(g.nodes, TGW).map((n) => n.id)).toEqual([TGW]);
    expect(findNodes(g.nodes, "type:tgw").map((n) => n.id)).toEqual([TGW]);
    expect(findNodes(g.nodes, "type:vgw region:eu-west-1").map((n) => n.id)).toEqual([VGW]);
    expect(findNodes(g.nodes, "state:associating").map((n) => n.id)).toEqual([TGW]);
  });

  it("come with their Direct Connect gateway under a state filter, and match one themselves", () => {
    const t = estateWith((t) => [
      association(t.directConnectGateways[0]!.id, TGW, { state: "associating" }),
    ]);
    const g = layoutGraph(t);
    const visible = visibleIds(g, { states: ["associating"], types: [] })!;
    expect(visible.has(TGW)).toBe(true);
    expect(visible.has(t.directConnectGateways[0]!.id)).toBe(true);
    const shown = layoutGraph(shownTopology(t, visible));
    expect(shown.nodes.some((n) => n.id === TGW)).toBe(true);
    // A filter that shows the Direct Connect gateway (through its interfaces) shows what it leads to.
    const down = {
      ...t,
      virtualInterfaces: t.virtualInterfaces.map((v, i) => (i === 0 ? { ...v, state: "down" } : v)),
    };
    const downVisible = visibleIds(layoutGraph(down), { states: ["down"], types: [] })!;
    expect(downVisible.has(down.virtualInterfaces[0]!.directConnectGatewayId!)).toBe(true);
    expect(downVisible.has(TGW)).toBe(true);
  });
});
