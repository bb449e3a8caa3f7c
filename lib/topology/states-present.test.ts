import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { estate } from "./fixtures";
import { layoutGraph, type GraphNode } from "./graph";
import { StatesPresent } from "./states-present";

/** The plain way: every node looked at. */
function plain(nodes: readonly GraphNode[]): string[] {
  const states = new Set<string>();
  for (const n of nodes) {
    states.add(n.state);
    if (n.data.kind === "peer") states.add(n.data.resource.bgpStatus);
  }
  return [...states].sort();
}

const STATES = ["available", "down", "pending", "deleting", "confirming"];
const STATUSES = ["up", "down", "unknown"];

/** The nodes with some of them new objects in new states (a poll's graph), some dropped or not. */
function changed(
  nodes: readonly GraphNode[],
  edits: { index: number; state: string; status: string }[],
  dropped: number,
): GraphNode[] {
  const next = [...nodes];
  for (const e of edits) {
    const i = e.index % next.length;
    const n = next[i]!;
    next[i] =
      n.data.kind === "peer"
        ? {
            ...n,
            state: e.state,
            data: { ...n.data, resource: { ...n.data.resource, bgpStatus: e.status } },
          }
        : { ...n, state: e.state };
  }
  return next.slice(0, next.length - dropped);
}

describe("StatesPresent", () => {
  const first = layoutGraph(estate(6, 3, 2)).nodes;

  it("lists what a look at every node lists, graph after graph, a state moved, come or gone", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            edits: fc.array(
              fc.record({
                index: fc.nat(),
                state: fc.constantFrom(...STATES),
                status: fc.constantFrom(...STATUSES),
              }),
              { maxLength: 40 },
            ),
            dropped: fc.constantFrom(0, 0, 0, 1, 5),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (polls) => {
          const present = new StatesPresent();
          let nodes: readonly GraphNode[] = first;
          expect(present.of(nodes)).toEqual(plain(nodes));
          for (const { edits, dropped } of polls) {
            nodes = changed(nodes, edits, dropped);
            expect(present.of(nodes)).toEqual(plain(nodes));
          }
        },
      ),
    );
  });

  it("answers the same array while the choices stay the same", () => {
    const present = new StatesPresent();
    const before = present.of(first);
    // A state moved from one node to another: the same choices.
    const moved = changed(first, [{ index: 0, state: first[0]!.state, status: "up" }], 0);
    expect(present.of(moved)).toBe(before);
    const down = changed(first, [{ index: 1, state: "deleting", status: "up" }], 0);
    expect(present.of(down)).toContain("deleting");
  });
});
