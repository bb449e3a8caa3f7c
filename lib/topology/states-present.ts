import { replacedPlaces } from "@/lib/dx/replaced";

import type { GraphNode } from "./graph";

/** Adds `by` to the count of a node's state, and of its BGP status if it is a peer. */
function count(counts: Map<string, number>, n: GraphNode, by: number) {
  counts.set(n.state, (counts.get(n.state) ?? 0) + by);
  if (n.data.kind === "peer") {
    const status = n.data.resource.bgpStatus;
    counts.set(status, (counts.get(status) ?? 0) + by);
  }
}

/**
 * Every state (and BGP status) a graph shows, sorted: the state filter's choices. The states are
 * counted, so that the next graph of a poll that moved a few states (as many nodes, only the changed
 * ones new objects, as buildGraph makes it) is counted from those few rather than from every node
 * (64,784 at XL); and the answer is the same array while the choices stay the same.
 */
export class StatesPresent {
  private last:
    { nodes: readonly GraphNode[]; counts: Map<string, number>; states: string[] } | undefined;

  of(nodes: readonly GraphNode[]): string[] {
    const last = this.last;
    if (last?.nodes === nodes) return last.states;
    let counts: Map<string, number>;
    if (last && last.nodes.length === nodes.length) {
      // Place by place: what left each changed place, then what came (a count of the whole either way).
      counts = new Map(last.counts);
      for (const i of replacedPlaces(last.nodes, nodes)) {
        count(counts, last.nodes[i]!, -1);
        count(counts, nodes[i]!, 1);
      }
    } else {
      counts = new Map();
      for (const n of nodes) count(counts, n, 1);
    }
    const states = [...counts]
      .filter(([, k]) => k > 0)
      .map(([s]) => s)
      .sort();
    const same =
      last !== undefined &&
      last.states.length === states.length &&
      last.states.every((s, i) => s === states[i]);
    this.last = { nodes, counts, states: same ? last.states : states };
    return this.last.states;
  }
}
