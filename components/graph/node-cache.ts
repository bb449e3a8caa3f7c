import type { Edge, NodeHandle, Position } from "@xyflow/react";

import { sameItems } from "@/lib/dx/replaced";
import { sameMark, singlePointSentence, type NodeMark } from "@/lib/resilience/present";
import type { GraphEdge, GraphNode } from "@/lib/topology/graph";

import { nodeLabel, type DxNode } from "./nodes";

/** The handles every node draws (components/graph/nodes.tsx): 6 × 6 px, centred on its left and right edges. */
const HANDLE = 6;

/**
 * Where a node's handles are, declared up front. Without them React Flow renders every node once,
 * visible or not, to measure its handles in the DOM: in a large estate that first render alone
 * takes seconds. With them (and width/height), onlyRenderVisibleElements renders only what is on screen.
 */
export function handlesFor(width: number, height: number): NodeHandle[] {
  // Nodes of one size share one array (React Flow reads handles, never changes them): a large estate
  // has 65,000 nodes of a few sizes.
  const key = `${width}x${height}`;
  let handles = handlesBySize.get(key);
  if (!handles) {
    handles = handlesOfSize(width, height);
    handlesBySize.set(key, handles);
  }
  return handles;
}

const handlesBySize = new Map<string, NodeHandle[]>();

function handlesOfSize(width: number, height: number): NodeHandle[] {
  const y = height / 2 - HANDLE / 2;
  return [
    {
      type: "target",
      position: "left" as Position,
      x: -HANDLE / 2,
      y,
      width: HANDLE,
      height: HANDLE,
    },
    {
      type: "source",
      position: "right" as Position,
      x: width - HANDLE / 2,
      y,
      width: HANDLE,
      height: HANDLE,
    },
  ];
}

/**
 * A node's place and size for React Flow, known without rendering: "fit view" and the minimap count a
 * node React Flow has not drawn (off screen) only when it has a measured size, and declared handles
 * spare it a render to find them.
 */
export const placed = (
  n: { id: string; x: number; y: number; width: number; height: number },
  type: string,
) => ({
  id: n.id,
  type,
  position: { x: n.x, y: n.y },
  width: n.width,
  height: n.height,
  measured: { width: n.width, height: n.height },
  handles: handlesFor(n.width, n.height),
});

/**
 * An edge spanning more than this (flow px, vertically) is drawn solid and faint instead of dashed:
 * in a large estate an interface's edge to its gateway can span hundreds of thousands of px, and a
 * dash pattern along all of it made every frame of a pan re-draw tens of thousands of dashes.
 */
export const LONG_EDGE_PX = 4_000;

/**
 * The same node as far as React Flow is concerned: the same object, or (a filtered view is laid out
 * afresh on each poll, lib/topology/visibility.ts) the same resource where it was.
 */
function sameShown(a: GraphNode, b: GraphNode): boolean {
  if (a === b) return true;
  if (a.x !== b.x || a.y !== b.y || a.state !== b.state || a.data.kind !== b.data.kind)
    return false;
  // An associated gateway shows its associations: the same ones, in the same order.
  if (a.data.kind === "associated") {
    const [x, y] = [a.data.associations, (b.data as typeof a.data).associations];
    return sameItems(x, y);
  }
  if (a.data.resource !== (b.data as typeof a.data).resource) return false;
  return a.data.kind !== "peer" || a.data.vif === (b.data as typeof a.data).vif;
}

const sameRoute = (data: Edge["data"], route: GraphEdge["route"]) =>
  route
    ? data?.bendX === route.bendX && data?.laneY === route.laneY && data?.trunkX === route.trunkX
    : data === undefined;

const NO_MARKS: ReadonlyMap<string, NodeMark> = new Map();

/** An edge's classes by its kind, short and long: one string each, not one per edge. */
const EDGE_CLASS = Object.fromEntries(
  (["member", "interface", "peer", "gateway", "association"] as const).map((kind) => [
    kind,
    [`dx-edge-${kind}`, `dx-edge-${kind} dx-edge-long`],
  ]),
) as unknown as Record<GraphEdge["kind"], readonly [string, string]>;

/** Nodes and the edges between them: a whole graph, or the window of one React Flow is handed. */
export interface GraphPart {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
}

/** A node made for React Flow, and the graph node it was made from. */
interface Entry {
  from: GraphNode;
  node: DxNode;
}

/**
 * Reuses the previous node and edge objects when nothing they show changed, so React Flow and the
 * memoized node components skip them: a poll that moves one state re-renders one node.
 *
 * buildGraph keeps the same GraphNode object for a resource that did not change, so "nothing
 * changed" is an identity check, not a comparison of contents.
 */
export class ElementCache {
  private nodes = new Map<string, Entry>();
  /** The last call's inputs and answer: the next call redoes only what differs from them. */
  private last:
    | {
        graphNodes: readonly GraphNode[];
        selected: string | null;
        highlighted: ReadonlySet<string>;
        marks: ReadonlyMap<string, NodeMark>;
        nodes: DxNode[];
      }
    | undefined;
  private lastEdges: { from: readonly GraphEdge[]; edges: Edge[] } | undefined;
  private edgeObjects = new Map<string, Edge>();

  /** The React Flow node of `g`: the one made before when nothing it shows changed. */
  private entryFor(
    g: GraphNode,
    selected: string | null,
    highlighted: ReadonlySet<string>,
    marks: ReadonlyMap<string, NodeMark>,
  ): Entry {
    const isSelected = g.id === selected;
    const changed = highlighted.has(g.id);
    const mark = marks.get(g.id);
    const old = this.nodes.get(g.id);
    return old &&
      sameShown(old.from, g) &&
      old.node.selected === isSelected &&
      old.node.data.changed === changed &&
      sameMark(old.node.data.mark, mark)
      ? old
      : {
          from: g,
          node: {
            ...placed(g, g.data.kind),
            data: { ...g.data, changed, ...(mark ? { mark } : {}) },
            selected: isSelected,
            ariaLabel: mark?.singlePoint
              ? `${nodeLabel(g.data, g.id)}. ${mark.singlePoint.map(singlePointSentence).join(" ")}`
              : nodeLabel(g.data, g.id),
          },
        };
  }

  nodesFor(
    graphNodes: readonly GraphNode[],
    selected: string | null,
    highlighted: ReadonlySet<string>,
    /** Resilience on the map: gateways' models, and single points of failure when they are shown. */
    marks: ReadonlyMap<string, NodeMark> = NO_MARKS,
  ): DxNode[] {
    const last = this.last;
    const nodes =
      last && last.graphNodes.length === graphNodes.length
        ? this.sameShape(last, graphNodes, selected, highlighted, marks)
        : undefined;
    if (nodes) {
      this.last = { graphNodes, selected, highlighted, marks, nodes };
      return nodes;
    }
    const next = new Map<string, Entry>();
    const all = graphNodes.map((g) => {
      const entry = this.entryFor(g, selected, highlighted, marks);
      next.set(g.id, entry);
      return entry.node;
    });
    this.nodes = next;
    this.last = { graphNodes, selected, highlighted, marks, nodes: all };
    return all;
  }

  /**
   * The nodes when the graph has the same nodes in the same places as last time (a poll that moved
   * states, a click, a highlight): across 65,000 nodes, an identity check of each, and the work of
   * making a node only for those that changed or whose selection, highlight or mark did. Undefined
   * when a node was added, removed or moved in the list: the caller starts afresh.
   */
  private sameShape(
    last: NonNullable<ElementCache["last"]>,
    graphNodes: readonly GraphNode[],
    selected: string | null,
    highlighted: ReadonlySet<string>,
    marks: ReadonlyMap<string, NodeMark>,
  ): DxNode[] | undefined {
    // The ids whose selection, highlight or mark differs from the last call's.
    const touched = new Set<string>();
    if (selected !== last.selected) {
      if (last.selected !== null) touched.add(last.selected);
      if (selected !== null) touched.add(selected);
    }
    if (highlighted !== last.highlighted) {
      for (const id of highlighted) if (!last.highlighted.has(id)) touched.add(id);
      for (const id of last.highlighted) if (!highlighted.has(id)) touched.add(id);
    }
    if (marks !== last.marks) {
      for (const [id, mark] of marks) if (!sameMark(last.marks.get(id), mark)) touched.add(id);
      for (const id of last.marks.keys()) if (!marks.has(id)) touched.add(id);
    }
    const nodes = last.nodes.slice();
    for (let i = 0; i < graphNodes.length; i++) {
      const g = graphNodes[i]!;
      const before = last.graphNodes[i]!;
      if (g === before && (touched.size === 0 || !touched.has(g.id))) continue;
      if (g.id !== before.id) return undefined;
      const entry = this.entryFor(g, selected, highlighted, marks);
      this.nodes.set(g.id, entry);
      nodes[i] = entry.node;
    }
    return nodes;
  }

  /**
   * The React Flow edges of `graph`'s edges (the whole graph's, or a window's, whose nodes hold both
   * ends of each edge): the same array as last time when the edges are the same.
   */
  edgesFor(graph: GraphPart | undefined): Edge[] {
    const from = graph?.edges ?? [];
    if (this.lastEdges && this.lastEdges.from === from) return this.lastEdges.edges;
    const middle = new Map((graph?.nodes ?? []).map((n) => [n.id, n.y + n.height / 2]));
    const next = new Map<string, Edge>();
    const edges = from.map((e) => {
      const long =
        Math.abs((middle.get(e.source) ?? 0) - (middle.get(e.target) ?? 0)) > LONG_EDGE_PX;
      const className = EDGE_CLASS[e.kind][long ? 1 : 0];
      const old = this.edgeObjects.get(e.id);
      const route = e.route;
      const edge: Edge =
        old &&
        old.source === e.source &&
        old.target === e.target &&
        old.className === className &&
        sameRoute(old.data, route)
          ? old
          : route
            ? {
                id: e.id,
                source: e.source,
                target: e.target,
                className,
                type: "gateway",
                data: { ...route },
              }
            : { id: e.id, source: e.source, target: e.target, className };
      next.set(e.id, edge);
      return edge;
    });
    this.edgeObjects = next;
    this.lastEdges = { from, edges };
    return edges;
  }
}
