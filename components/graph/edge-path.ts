// The path of an interface's edge to its gateway: right-angled, with rounded corners. No React, so
// it is tested on its own.

/** Where the layout routes the edge (lib/topology/graph.ts GraphEdge.route). */
export interface GatewayRoute extends Record<string, unknown> {
  bendX: number;
  laneY: number;
  trunkX: number;
}

const RADIUS = 8;

/** An SVG path through the points, each corner rounded (by at most half of either segment beside it). */
export function roundedPath(
  points: readonly (readonly [number, number])[],
  radius = RADIUS,
): string {
  // Drop repeated points, and those on a straight run between their neighbours: they are not corners.
  // A point where the path turns back on itself (an edge that comes back left along its own row) is
  // kept: dropping it as if on a straight line left two equal points, and a corner between them
  // divided by a length of 0.
  const corners: (readonly [number, number])[] = [];
  for (const p of points) {
    const last = corners[corners.length - 1];
    if (last && p[0] === last[0] && p[1] === last[1]) continue;
    const before = corners[corners.length - 2];
    if (before && last) {
      const straight =
        (last[0] - before[0]) * (p[1] - last[1]) === (last[1] - before[1]) * (p[0] - last[0]);
      const onward =
        (last[0] - before[0]) * (p[0] - last[0]) + (last[1] - before[1]) * (p[1] - last[1]) > 0;
      if (straight && onward) corners.pop();
    }
    corners.push(p);
  }
  const fmt = (n: number) => String(Math.round(n * 100) / 100);
  let d = `M ${fmt(corners[0]![0])} ${fmt(corners[0]![1])}`;
  for (let i = 1; i < corners.length; i++) {
    const p = corners[i]!;
    if (i === corners.length - 1) {
      d += ` L ${fmt(p[0])} ${fmt(p[1])}`;
      break;
    }
    const a = corners[i - 1]!;
    const c = corners[i + 1]!;
    const inLen = Math.hypot(p[0] - a[0], p[1] - a[1]);
    const outLen = Math.hypot(c[0] - p[0], c[1] - p[1]);
    const r = Math.min(radius, inLen / 2, outLen / 2);
    const before = [p[0] - ((p[0] - a[0]) / inLen) * r, p[1] - ((p[1] - a[1]) / inLen) * r];
    const after = [p[0] + ((c[0] - p[0]) / outLen) * r, p[1] + ((c[1] - p[1]) / outLen) * r];
    d += ` L ${fmt(before[0]!)} ${fmt(before[1]!)} Q ${fmt(p[0])} ${fmt(p[1])} ${fmt(after[0]!)} ${fmt(after[1]!)}`;
  }
  return d;
}

/**
 * Out of the interface's side to halfway across the gap before the peer column, along the lane (a gap
 * between peer rows) to the gateway's trunk, along the trunk to the gateway's height, and into it.
 */
export function gatewayEdgePath(
  sourceX: number,
  sourceY: number,
  targetX: number,
  targetY: number,
  route: GatewayRoute,
): string {
  return roundedPath([
    [sourceX, sourceY],
    [route.bendX, sourceY],
    [route.bendX, route.laneY],
    [route.trunkX, route.laneY],
    [route.trunkX, targetY],
    [targetX, targetY],
  ]);
}

/** How far a control point sits out of its handle when the edge runs backwards (React Flow's 0.25). */
const CURVATURE = 0.25;
const controlOffset = (distance: number) =>
  distance >= 0 ? 0.5 * distance : CURVATURE * 25 * Math.sqrt(-distance);

/**
 * React Flow's default edge (its getBezierPath) from a right-hand source handle to a left-hand target
 * handle: the path the first frame draws for an edge until React Flow draws the same one.
 */
export function bezierPath(sourceX: number, sourceY: number, targetX: number, targetY: number) {
  const sourceControlX = sourceX + controlOffset(targetX - sourceX);
  const targetControlX = targetX - controlOffset(targetX - sourceX);
  return `M${sourceX},${sourceY} C${sourceControlX},${sourceY} ${targetControlX},${targetY} ${targetX},${targetY}`;
}
