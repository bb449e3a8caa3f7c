import { replacedPlaces, sameItems } from "@/lib/dx/replaced";

import type { Graph, GraphNode } from "./graph";
import {
  attentionByGroup,
  attentionCount,
  bandOf,
  countsForAttention,
  ofTypes,
} from "./visibility";

type Banded = Pick<Graph, "nodes" | "groups" | "groupsWidth">;

/**
 * The map's counts of what needs attention, in all and by band (attentionCount, attentionByGroup),
 * kept from one graph to the next. A poll that moved a few states gives a graph of as many nodes in
 * which only the changed ones are new objects (buildGraph): both counts are sums over the nodes, so
 * the next ones are the last ones less what left each changed place plus what came. Finding those
 * places is still an identity check of every node (64,784 at XL), but nothing is counted again.
 */
export class AttentionCounts {
  private all: { nodes: readonly GraphNode[]; types: readonly string[]; count: number } | undefined;
  private banded: { graph: Banded; counts: number[] } | undefined;

  /** attentionCount(nodes, types). */
  count(nodes: readonly GraphNode[], types: readonly string[]): number {
    const last = this.all;
    let count: number;
    if (last?.nodes === nodes && sameItems(last.types, types)) return last.count;
    if (last && last.nodes.length === nodes.length && sameItems(last.types, types)) {
      count = last.count;
      const counted = (n: GraphNode) => (ofTypes(n, types) && countsForAttention(n) ? 1 : 0);
      for (const i of replacedPlaces(last.nodes, nodes))
        count += counted(nodes[i]!) - counted(last.nodes[i]!);
    } else count = attentionCount(nodes, types);
    this.all = { nodes, types, count };
    return count;
  }

  /** attentionByGroup(graph): the same array while no band's count changed. */
  byGroup(graph: Banded): number[] {
    const last = this.banded;
    if (last?.graph === graph) return last.counts;
    if (
      !last ||
      last.graph.groups !== graph.groups ||
      last.graph.groupsWidth !== graph.groupsWidth ||
      last.graph.nodes.length !== graph.nodes.length
    ) {
      this.banded = { graph, counts: attentionByGroup(graph) };
      return this.banded.counts;
    }
    let counts = last.counts;
    const add = (n: GraphNode, by: number) => {
      if (!countsForAttention(n)) return;
      const band = bandOf(graph, n);
      if (band < 0) return;
      if (counts === last.counts) counts = counts.slice();
      counts[band]! += by;
    };
    for (const i of replacedPlaces(last.graph.nodes, graph.nodes)) {
      add(last.graph.nodes[i]!, -1);
      add(graph.nodes[i]!, 1);
    }
    // Back where they were (a state that went and came back): the same array as before.
    if (counts !== last.counts && counts.every((c, i) => c === last.counts[i]))
      counts = last.counts;
    this.banded = { graph, counts };
    return counts;
  }
}
