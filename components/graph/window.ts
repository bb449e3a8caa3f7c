import type { Edge } from "@xyflow/react";

// Windowing for large estates. React Flow does per-frame work over every node it holds (which are on
// screen, which edges to draw) and, each time newly drawn nodes are measured, a pass over all of them:
// with tens of thousands of nodes that made every pan step slow. Above a size, the map hands React Flow only
// the nodes near the view (and the far end of their edges), and moves that window as the view leaves it.
// The window is taken from the laid-out graph, before React Flow's nodes are made: only the window's
// few hundred are (at XL, 65,000 made for every poll and click were a long task of their own).

/** A laid-out node: where it is and how large (lib/topology/graph.ts's GraphNode). */
export interface Placed {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An edge, by the nodes it joins. */
export interface Link {
  source: string;
  target: string;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

// The first view: the top (the first region and account), every column from the connections to the
// gateways as far as the pane's width allows at a readable size; "fit view" shows everything.
const FIRST_ZOOM = { max: 0.85, min: 0.7 };
const FIRST_MARGIN = { x: 16, y: 36 };

/** The first view of a graph this wide in a pane this wide. */
export function firstViewport(graphWidth: number, paneWidth: number): Viewport {
  const fit = (paneWidth - 2 * FIRST_MARGIN.x) / Math.max(1, graphWidth);
  return {
    x: FIRST_MARGIN.x,
    y: FIRST_MARGIN.y,
    zoom: Math.min(FIRST_ZOOM.max, Math.max(FIRST_ZOOM.min, fit)),
  };
}

/** The part of the flow a viewport of this size shows, in flow coordinates. */
export function viewRect(v: Viewport, width: number, height: number): Rect {
  return { x: -v.x / v.zoom, y: -v.y / v.zoom, width: width / v.zoom, height: height / v.zoom };
}

/** `r` grown by `by` times its own size on every side. */
export function grow(r: Rect, by: number): Rect {
  return {
    x: r.x - r.width * by,
    y: r.y - r.height * by,
    width: r.width * (1 + 2 * by),
    height: r.height * (1 + 2 * by),
  };
}

export const contains = (outer: Rect, inner: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

const overlaps = (r: Rect, n: Rect) =>
  n.x < r.x + r.width && n.x + n.width > r.x && n.y < r.y + r.height && n.y + n.height > r.y;

/**
 * Whether a move between two views is short enough to animate on a windowed map: the view it ends
 * at overlaps the one it starts from, grown by one view's size on every side. A longer move jumps.
 * React Flow animates a move as d3's smooth zoom, which zooms out on the way and back in: across a
 * large map (from one region's band to another's) it passes views at a hundredth of the zoom, each
 * showing, and so windowing in, thousands of nodes; on a slow machine one such frame took seconds.
 */
export function animatable(from: Viewport, to: Viewport, width: number, height: number): boolean {
  return overlaps(grow(viewRect(from, width, height), 1), viewRect(to, width, height));
}

/**
 * The nodes and edges to hand React Flow: the nodes that overlap `area`, the other end of each
 * of their edges (so an edge to a gateway far below is still drawn), and the edges between those.
 * Node and edge objects are the ones given, in their order.
 */
export function windowOf<N extends Placed, E extends Link>(
  nodes: readonly N[],
  edges: readonly E[],
  area: Rect,
): { nodes: N[]; edges: E[] } {
  const { held, edges: kept } = windowAt(nodes, edges, area);
  return { nodes: held.map((i) => nodes[i]!), edges: kept };
}

/** windowOf, with where its nodes are in `nodes`. */
function windowAt<E extends Link>(
  nodes: readonly Placed[],
  edges: readonly E[],
  area: Rect,
): { held: number[]; edges: E[] } {
  const inside = new Set<string>();
  for (const n of nodes) if (overlaps(area, n)) inside.add(n.id);
  const keep = new Set(inside);
  for (const e of edges) {
    if (inside.has(e.source)) keep.add(e.target);
    else if (inside.has(e.target)) keep.add(e.source);
  }
  const held: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (keep.has(nodes[i]!.id)) held.push(i);
  return { held, edges: edges.filter((e) => keep.has(e.source) && keep.has(e.target)) };
}

/** Whether `b` lays out as `a` does: the same nodes, in order, where they were, as large. */
function sameGeometry(a: readonly Placed[], b: readonly Placed[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const m = a[i]!;
    const n = b[i]!;
    if (m === n) continue;
    if (
      m.id !== n.id ||
      m.x !== n.x ||
      m.y !== n.y ||
      m.width !== n.width ||
      m.height !== n.height
    ) {
      return false;
    }
  }
  return true;
}

/**
 * windowOf, remembering its last answer: a poll that changes a state (new node objects, nothing
 * moved, the same edges) keeps the same nodes in the window, so only the new objects are picked,
 * without the pass over every edge (on the way from a poll to the changed badge).
 */
export class WindowCache<N extends Placed, E extends Link> {
  private last:
    | {
        nodes: readonly N[];
        edges: readonly E[];
        area: Rect;
        /** Where the window's nodes are in `nodes`. */
        held: number[];
        shown: { nodes: N[]; edges: E[] };
      }
    | undefined;

  of(nodes: readonly N[], edges: readonly E[], area: Rect): { nodes: N[]; edges: E[] } {
    const last = this.last;
    if (last && last.edges === edges && last.area === area && sameGeometry(last.nodes, nodes)) {
      if (last.nodes === nodes) return last.shown;
      const shown = { nodes: last.held.map((i) => nodes[i]!), edges: last.shown.edges };
      this.last = { ...last, nodes, shown };
      return shown;
    }
    const { held, edges: kept } = windowAt(nodes, edges, area);
    const shown = { nodes: held.map((i) => nodes[i]!), edges: kept };
    this.last = { nodes, edges, area, held, shown };
    return shown;
  }
}

/** The bounds of the nodes (for "fit view" over everything, drawn or not). */
export function boundsOf(nodes: readonly Placed[]): Rect | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.x);
    minY = Math.min(minY, n.y);
    maxX = Math.max(maxX, n.x + n.width);
    maxY = Math.max(maxY, n.y + n.height);
  }
  return minX === Infinity
    ? undefined
    : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * The edges to draw with the selected node's marked active (drawn above the others, in the accent
 * colour): new objects for those only. Applied to what React Flow is handed (at L, the window's few
 * hundred edges), so a click does not go over every edge of the estate.
 */
export function withActiveEdges(edges: Edge[], selected: string | null): Edge[] {
  if (selected === null || !edges.some((e) => e.source === selected || e.target === selected))
    return edges;
  return edges.map((e) =>
    e.source === selected || e.target === selected
      ? { ...e, className: `${e.className ?? ""} dx-edge-active`, zIndex: 1 }
      : e,
  );
}
