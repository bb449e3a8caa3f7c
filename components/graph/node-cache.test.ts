import { describe, expect, it } from "vitest";

import { estate } from "@/lib/topology/fixtures";
import type { NodeMark } from "@/lib/resilience/present";
import { buildGraph, layoutGraph, type GraphNode } from "@/lib/topology/graph";
import { shownTopology, visibleIds } from "@/lib/topology/visibility";

import { ElementCache, handlesFor, LONG_EDGE_PX } from "./node-cache";

describe("ElementCache", () => {
  it("declares every node's size and handles, so React Flow need not render off-screen nodes to measure them", () => {
    const graph = buildGraph(estate(5, 2, 2));
    const nodes = new ElementCache().nodesFor(graph.nodes, null, new Set());
    for (const n of nodes) {
      expect(n.width).toBeGreaterThan(0);
      expect(n.height).toBeGreaterThan(0);
      expect(n.measured).toEqual({ width: n.width, height: n.height });
      expect(n.handles?.map((h) => [h.type, h.position])).toEqual([
        ["target", "left"],
        ["source", "right"],
      ]);
    }
    // Handles sit on the middle of the left and right edges, where nodes.tsx draws them.
    expect(handlesFor(200, 60)).toEqual([
      { type: "target", position: "left", x: -3, y: 27, width: 6, height: 6 },
      { type: "source", position: "right", x: 197, y: 27, width: 6, height: 6 },
    ]);
  });

  it("under a filter, keeps the node objects of a poll's unchanged resources though the graph is laid out afresh", () => {
    const base = estate(6, 3, 2);
    // Every other interface public, so the private ones close up.
    const topo = {
      ...base,
      virtualInterfaces: base.virtualInterfaces.map((v, i) =>
        i % 2 ? { ...v, type: "public" } : v,
      ),
    };
    const filter = { states: [], types: ["private"] };
    const cache = new ElementCache();
    const shownOf = (t: typeof topo) => {
      const g = buildGraph(t);
      const visible = visibleIds(g, filter)!;
      return cache.nodesFor(layoutGraph(shownTopology(t, visible)).nodes, null, new Set());
    };
    const first = shownOf(topo);
    const [changedVif, ...rest] = topo.virtualInterfaces;
    const second = shownOf({
      ...topo,
      virtualInterfaces: [{ ...changedVif!, state: "down" }, ...rest],
    });
    expect(second.filter((n, i) => n !== first[i]).map((n) => n.id)).toEqual([
      changedVif!.id,
      ...changedVif!.bgpPeers.map((p) => p.id),
    ]);
  });

  it("gives back the same node objects for unchanged resources and a new one for a changed state", () => {
    const topo = estate(5, 2, 2);
    const cache = new ElementCache();
    const first = cache.nodesFor(buildGraph(topo).nodes, null, new Set());
    const [changedVif, ...rest] = topo.virtualInterfaces;
    const next = { ...topo, virtualInterfaces: [{ ...changedVif!, state: "down" }, ...rest] };
    const second = cache.nodesFor(buildGraph(next).nodes, null, new Set());
    const changed = second.filter((n, i) => n !== first[i]).map((n) => n.id);
    // The interface and its peers (which show it) are new; nothing else is.
    expect(changed).toEqual([changedVif!.id, ...changedVif!.bgpPeers.map((p) => p.id)]);
    expect(second.find((n) => n.id === changedVif!.id)?.data).toMatchObject({
      kind: "vif",
      resource: { state: "down" },
    });
  });

  it("makes a new node object when selection or highlight change, and only for that node", () => {
    const graph = buildGraph(estate(3, 2, 2));
    const cache = new ElementCache();
    const first = cache.nodesFor(graph.nodes, null, new Set());
    const id = first[1]!.id;
    const selected = cache.nodesFor(graph.nodes, id, new Set([id]));
    expect(
      selected.filter((n, i) => n !== first[i]).map((n) => [n.id, n.selected, n.data.changed]),
    ).toEqual([[id, true, true]]);
    const cleared = cache.nodesFor(graph.nodes, null, new Set());
    expect(
      cleared.filter((n, i) => n !== selected[i]).map((n) => [n.id, n.selected, n.data.changed]),
    ).toEqual([[id, false, false]]);
  });

  it("hands React Flow the same edge array until the edges change, and the same edge objects where they did not", () => {
    const topo = estate(3, 2, 2);
    const graph = buildGraph(topo);
    const cache = new ElementCache();
    const edges = cache.edgesFor(graph);
    const [v, ...rest] = topo.virtualInterfaces;
    const statesOnly = buildGraph({
      ...topo,
      virtualInterfaces: [{ ...v!, state: "down" }, ...rest],
    });
    expect(cache.edgesFor(statesOnly)).toBe(edges);
    // One peer fewer: a new array, in which the other edges are the objects they were (but for the
    // gateways' routes, which the shorter peer column moves).
    const fewer = buildGraph({
      ...topo,
      virtualInterfaces: [{ ...v!, bgpPeers: v!.bgpPeers.slice(1) }, ...rest],
    });
    const after = cache.edgesFor(fewer);
    expect(after).not.toBe(edges);
    expect(after).toHaveLength(edges.length - 1);
    expect(after.filter((e) => e.type !== "gateway" && !edges.includes(e))).toEqual([]);
  });

  it("draws an edge that spans thousands of pixels without dashes, others as before", () => {
    // One gateway used by the first and the last of 120 interfaces: one of its edges spans the estate.
    const topo = estate(60, 2, 1);
    const gw = "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01";
    const vifs = topo.virtualInterfaces.map((v, i, all) =>
      i === 0 || i === all.length - 1 ? { ...v, directConnectGatewayId: gw } : v,
    );
    const graph = buildGraph({ ...topo, virtualInterfaces: vifs });
    const edges = new ElementCache().edgesFor(graph);
    // The gateway sits in the first interface's band, beside it, thousands of pixels from the last.
    expect(edges.filter((e) => e.target === gw).map((e) => e.className)).toEqual([
      "dx-edge-gateway",
      "dx-edge-gateway dx-edge-long",
    ]);
    const y = new Map(graph.nodes.map((n) => [n.id, n.y + n.height / 2]));
    for (const e of edges) {
      expect(e.className?.includes("dx-edge-long"), e.id).toBe(
        Math.abs(y.get(e.source)! - y.get(e.target)!) > LONG_EDGE_PX,
      );
    }
    expect(edges.filter((e) => e.className === "dx-edge-peer")).toHaveLength(120);
  });

  it("answers each change as a fresh cache would, remaking only the nodes it touches", () => {
    const topo = estate(8, 3, 2);
    const graph = buildGraph(topo);
    const [a, b, c] = graph.nodes.map((n) => n.id);
    const cache = new ElementCache();
    const steps: [GraphNode[], string | null, Set<string>, Map<string, NodeMark>][] = [
      [graph.nodes, null, new Set(), new Map()],
      [graph.nodes, a!, new Set(), new Map()], // selected
      [graph.nodes, b!, new Set([c!]), new Map()], // another selected, one highlighted
      [graph.nodes, b!, new Set(), new Map([[a!, { singlePoint: ["cuts x off"] }]])], // marked
    ];
    // A poll: one interface down (its node and its peers' nodes are new objects), the rest kept.
    const down = { ...topo.virtualInterfaces[4]!, state: "down" };
    const polled = buildGraph({
      ...topo,
      virtualInterfaces: topo.virtualInterfaces.map((v, i) => (i === 4 ? down : v)),
    }).nodes;
    steps.push([polled, b!, new Set([down.id]), new Map()]);
    let before = cache.nodesFor(...steps[0]!);
    for (const step of steps.slice(1)) {
      const now = cache.nodesFor(...step);
      expect(now).toEqual(new ElementCache().nodesFor(...step));
      const remade = now.filter((n, i) => n !== before[i]).map((n) => n.id);
      const [, selected, highlighted, marks] = step;
      // No more than the nodes whose resource, selection, highlight or mark changed.
      expect(remade.length).toBeLessThanOrEqual(2 + highlighted.size + marks.size + 3);
      if (selected) expect(now.find((n) => n.id === selected)!.selected).toBe(true);
      before = now;
    }
  });
});
