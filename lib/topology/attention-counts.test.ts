import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { AttentionCounts } from "./attention-counts";
import { estate } from "./fixtures";
import { layoutGraph, type Graph, type GraphNode } from "./graph";
import { attentionByGroup, attentionCount } from "./visibility";

const STATES = ["available", "down", "pending", "confirming", "rejected", "deleting"];
const STATUSES = ["up", "down", "unknown"];

type Edit = { index: number; state: string; status: string };

/** A poll's graph: some nodes new objects in new states (a peer's session too), the rest the same. */
function changed(graph: Graph, edits: Edit[]): Graph {
  const nodes = [...graph.nodes];
  for (const e of edits) {
    const i = e.index % nodes.length;
    const n = nodes[i]!;
    const next: GraphNode =
      n.data.kind === "peer"
        ? {
            ...n,
            state: e.state,
            data: {
              ...n.data,
              resource: { ...n.data.resource, state: e.state, bgpStatus: e.status },
            },
          }
        : n.data.kind === "vif"
          ? {
              ...n,
              state: e.state,
              data: { ...n.data, resource: { ...n.data.resource, state: e.state } },
            }
          : { ...n, state: e.state };
    nodes[i] = next;
  }
  return { ...graph, nodes };
}

describe("AttentionCounts", () => {
  const first = layoutGraph(estate(8, 3, 2));
  const other = layoutGraph(estate(5, 2, 2));

  it("counts, graph after graph, what a look at every node counts: in all, by type, and by band", () => {
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
              { maxLength: 30 },
            ),
            types: fc.constantFrom([], [], ["private"], ["public", "transit"]),
            // Now and then a graph laid out afresh: other nodes, other bands.
            relaid: fc.constantFrom(false, false, false, true),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (polls) => {
          const counts = new AttentionCounts();
          let graph = first;
          for (const poll of polls) {
            graph = changed(poll.relaid ? (graph === first ? other : first) : graph, poll.edits);
            expect(counts.count(graph.nodes, poll.types)).toBe(
              attentionCount(graph.nodes, poll.types),
            );
            expect(counts.byGroup(graph)).toEqual(attentionByGroup(graph));
          }
        },
      ),
    );
  });

  it("gives the same band counts while none changed, and new ones when a state needing attention came", () => {
    const counts = new AttentionCounts();
    const before = counts.byGroup(first);
    const vif = first.nodes.findIndex((n) => n.data.kind === "vif");
    // A node's new object in the same state: nothing to count anew.
    expect(counts.byGroup(changed(first, [{ index: vif, state: "available", status: "up" }]))).toBe(
      before,
    );
    const down = counts.byGroup(changed(first, [{ index: vif, state: "down", status: "up" }]));
    expect(down).not.toBe(before);
    expect(down.reduce((a, b) => a + b, 0)).toBe(before.reduce((a, b) => a + b, 0) + 1);
  });
});
