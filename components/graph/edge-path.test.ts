import { describe, expect, it } from "vitest";

import { getBezierPath, Position } from "@xyflow/react";

import { bezierPath, gatewayEdgePath, roundedPath } from "./edge-path";

/** The points an SVG path of M, L and Q commands passes through (a Q's end point, not its control). */
function points(d: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of d.matchAll(/([MLQ])\s([^MLQ]+)/g)) {
    const n = m[2]!.trim().split(/\s+/).map(Number);
    out.push([n[n.length - 2]!, n[n.length - 1]!]);
  }
  return out;
}

describe("gateway edge paths", () => {
  it("turn at right angles with rounded corners, from the interface to the gateway", () => {
    const d = gatewayEdgePath(580, 60, 1318, 500, { bendX: 620, laneY: 124, trunkX: 1234 });
    expect(d.startsWith("M 580 60")).toBe(true);
    expect(d.endsWith("L 1318 500")).toBe(true);
    // Four corners, each rounded: out of the interface, down to the lane, along it to the trunk, down the trunk.
    expect(d.match(/Q/g)).toHaveLength(4);
    const p = points(d);
    // Every straight stretch is horizontal or vertical.
    for (let i = 1; i < p.length; i++) {
      if (d.split(/(?=[MLQ])/)[i]!.startsWith("L"))
        expect(p[i]![0] === p[i - 1]![0] || p[i]![1] === p[i - 1]![1]).toBe(true);
    }
    // The stretch along the lane stays on it, between the bend and the trunk.
    expect(p.some(([x, y]) => y === 124 && x > 620 && x < 1234)).toBe(true);
  });

  it("draws a straight line when the lane and the gateway are level with the interface", () => {
    expect(gatewayEdgePath(580, 60, 1318, 60, { bendX: 620, laneY: 60, trunkX: 1234 })).toBe(
      "M 580 60 L 1318 60",
    );
  });

  it("rounds a corner by at most half of the shorter side", () => {
    expect(
      roundedPath(
        [
          [0, 0],
          [10, 0],
          [10, 4],
        ],
        8,
      ),
    ).toBe("M 0 0 L 8 0 Q 10 0 10 2 L 10 4");
  });

  it("an edge that turns back along its own row (to a gateway behind its source) has no NaN", () => {
    // A Direct Connect gateway's edge to a virtual private gateway in the column it sits in: out to
    // its lane, then back left, level with it.
    const d = gatewayEdgePath(1498, 1144, 1260, 1144, { bendX: 1508, laneY: 1144, trunkX: 1508 });
    expect(d).not.toMatch(/NaN/);
    expect(d.startsWith("M 1498 1144")).toBe(true);
    expect(d.endsWith("L 1260 1144")).toBe(true);
    // And one whose lane takes it out and back to its own start.
    expect(
      roundedPath([
        [10, 10],
        [20, 10],
        [10, 10],
        [10, 30],
      ]),
    ).not.toMatch(/NaN/);
  });
});

describe("the first frame's edges", () => {
  it("are React Flow's default edges, forwards and backwards", () => {
    for (const [sx, sy, tx, ty] of [
      [336, 232, 391, 240],
      [336, 232, 391, 640],
      [820, 100, 400, 90],
      [100, 50, 100, 50],
    ] as const) {
      const [flow] = getBezierPath({
        sourceX: sx,
        sourceY: sy,
        sourcePosition: Position.Right,
        targetX: tx,
        targetY: ty,
        targetPosition: Position.Left,
      });
      expect(bezierPath(sx, sy, tx, ty)).toBe(flow);
    }
  });
});
