import type { Edge } from "@xyflow/react";
import { describe, expect, it } from "vitest";

import {
  animatable,
  boundsOf,
  contains,
  firstViewport,
  grow,
  viewRect,
  WindowCache,
  windowOf,
  withActiveEdges,
  type Placed,
} from "./window";

type Node = Placed & { data?: unknown };
const node = (id: string, x: number, y: number): Node => ({ id, x, y, width: 100, height: 50 });
const edge = (source: string, target: string): Edge => ({
  id: `${source}->${target}`,
  source,
  target,
});

describe("the window of a large graph", () => {
  it("knows what a viewport shows, in flow coordinates", () => {
    expect(viewRect({ x: -200, y: -100, zoom: 2 }, 800, 600)).toEqual({
      x: 100,
      y: 50,
      width: 400,
      height: 300,
    });
    const area = grow({ x: 0, y: 0, width: 100, height: 100 }, 1);
    expect(area).toEqual({ x: -100, y: -100, width: 300, height: 300 });
    expect(contains(area, { x: -50, y: 150, width: 100, height: 40 })).toBe(true);
    expect(contains(area, { x: -50, y: 150, width: 100, height: 60 })).toBe(false);
  });

  it("holds the nodes in the area and the far end of their edges, and only edges between held nodes", () => {
    const nodes = [
      node("conn", 0, 0),
      node("vif", 300, 0),
      node("gw", 600, 90_000),
      node("far-vif", 300, 90_000),
    ];
    const edges = [edge("conn", "vif"), edge("vif", "gw"), edge("far-vif", "gw")];
    const shown = windowOf(nodes, edges, { x: 0, y: 0, width: 1000, height: 1000 });
    // The gateway far below is held (its edge to an interface on screen is drawn); its other user is not.
    expect(shown.nodes.map((n) => n.id)).toEqual(["conn", "vif", "gw"]);
    expect(shown.edges.map((e) => e.id)).toEqual(["conn->vif", "vif->gw"]);
    // The same objects, so React Flow keeps what it knows of them.
    expect(shown.nodes[0]).toBe(nodes[0]);
  });

  it("fits over every node, drawn or not, and none when there are none", () => {
    expect(boundsOf([node("a", 0, 0), node("b", 500, 90_000), node("c", -9_000, 0)])).toEqual({
      x: -9_000,
      y: 0,
      width: 9_600,
      height: 90_050,
    });
    expect(boundsOf([])).toBeUndefined();
  });

  it("picks the new objects of a refresh without working the window out again, and does when anything moved", () => {
    const nodes = [
      node("conn", 0, 0),
      node("vif", 300, 0),
      node("gw", 600, 90_000),
      node("far-vif", 300, 90_000),
    ];
    const edges = [edge("conn", "vif"), edge("vif", "gw"), edge("far-vif", "gw")];
    const area = { x: 0, y: 0, width: 1000, height: 1000 };
    const windows = new WindowCache<Node, Edge>();
    const first = windows.of(nodes, edges, area);
    expect(windows.of(nodes, edges, area)).toBe(first);

    // A state changed: a new object for the interface, in the same place.
    const refreshed = nodes.map((n) => (n.id === "vif" ? { ...n, data: { changed: true } } : n));
    const again = windows.of(refreshed, edges, area);
    expect(again.nodes.map((n) => n.id)).toEqual(["conn", "vif", "gw"]);
    expect(again.nodes[1]).toBe(refreshed[1]);
    expect(again.edges).toBe(first.edges);

    // Something moved into the area: the window is worked out again.
    const moved = refreshed.map((n) => (n.id === "far-vif" ? node("far-vif", 300, 200) : n));
    expect(windows.of(moved, edges, area).nodes.map((n) => n.id)).toEqual([
      "conn",
      "vif",
      "gw",
      "far-vif",
    ]);
    // So it is for other edges, or another area.
    expect(windows.of(moved, [edge("conn", "vif")], area).nodes.map((n) => n.id)).toEqual([
      "conn",
      "vif",
      "far-vif",
    ]);
    expect(
      windows
        .of(moved, edges, { x: 0, y: 89_000, width: 1000, height: 2000 })
        .nodes.map((n) => n.id),
    ).toEqual(["vif", "gw", "far-vif"]);
  });
});

describe("a move the map makes", () => {
  // A 1,000 × 800 pane at zoom 1: the view is the flow's (0, 0)-(1,000, 800) at the start.
  const start = { x: 0, y: 0, zoom: 1 };
  const at = (x: number, y: number, zoom = 1) => ({ x: -x * zoom, y: -y * zoom, zoom });
  it("is animated to a view within one view's size of this one", () => {
    expect(animatable(start, at(0, 0, 1.1), 1000, 800)).toBe(true);
    expect(animatable(start, at(1500, 0), 1000, 800)).toBe(true);
    expect(animatable(start, at(-1500, -1200), 1000, 800)).toBe(true);
  });
  it("jumps to a view further away: another region's band, far down a large map", () => {
    expect(animatable(start, at(0, 1700), 1000, 800)).toBe(false);
    expect(animatable(start, at(2100, 0), 1000, 800)).toBe(false);
    expect(animatable(start, at(0, 500_000, 1.1), 1000, 800)).toBe(false);
  });
});

describe("the first view", () => {
  it("shows every column up to the gateways when the pane is wide enough, at most at the reading zoom", () => {
    const wide = firstViewport(1000, 1440);
    expect(wide.zoom).toBe(0.85);
    const laptop = firstViewport(1300, 1056);
    expect(viewRect(laptop, 1056, 800).width).toBeGreaterThanOrEqual(1300 + laptop.x / laptop.zoom);
    expect(laptop.zoom).toBeLessThan(0.85);
  });

  it("never starts smaller than readable: a narrow pane shows the left columns and is panned for the rest", () => {
    const narrow = firstViewport(1560, 700);
    expect(narrow.zoom).toBe(0.7);
    expect(viewRect(narrow, 700, 800).width).toBeLessThan(1560);
  });
});

describe("the selected node's edges", () => {
  it("are marked active and drawn on top; no other edge object changes, and nothing when none touches it", () => {
    const edges = [
      edge("c", "v"),
      edge("v", "p1"),
      edge("v", "p2"),
      edge("v", "g"),
      edge("c2", "v2"),
    ].map((e) => ({ ...e, className: "dx-edge-x" }));
    const drawn = withActiveEdges(edges, "v");
    expect(drawn.filter((e) => e.className?.includes("dx-edge-active")).map((e) => e.id)).toEqual([
      "c->v",
      "v->p1",
      "v->p2",
      "v->g",
    ]);
    expect(drawn[3]).toMatchObject({ className: "dx-edge-x dx-edge-active", zIndex: 1 });
    expect(drawn[4]).toBe(edges[4]);
    expect(withActiveEdges(edges, null)).toBe(edges);
    expect(withActiveEdges(edges, "nowhere")).toBe(edges);
  });
});
