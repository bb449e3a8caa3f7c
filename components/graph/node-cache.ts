import type { Edge } from "@xyflow/react";

import type { Graph, GraphNode } from "@/lib/topology/graph";

import { nodeLabel, type DxNode } from "./nodes";

/**
 * Reuses the previous node and edge objects when nothing they show changed, so React Flow and the
 * memoized node components skip them: a poll that moves one state re-renders one node.
 */
export class ElementCache {
  private nodes = new Map<string, { sig: string; node: DxNode }>();
  private edges = new Map<string, Edge>();

  nodesFor(graphNodes: readonly GraphNode[], selected: string | null, highlighted: ReadonlySet<string>, visible: Set<string> | null): DxNode[] {
    const next = new Map<string, { sig: string; node: DxNode }>();
    const nodes = graphNodes.map((g) => {
      const changed = highlighted.has(g.id);
      const hidden = visible !== null && !visible.has(g.id);
      const sig = `${g.x},${g.y},${g.id === selected},${changed},${hidden},${JSON.stringify(g.data)}`;
      const old = this.nodes.get(g.id);
      const node: DxNode =
        old && old.sig === sig
          ? old.node
          : {
              id: g.id,
              type: g.data.kind,
              position: { x: g.x, y: g.y },
              width: g.width,
              height: g.height,
              data: { ...g.data, changed },
              selected: g.id === selected,
              hidden,
              ariaLabel: nodeLabel(g.data, g.id),
            };
      next.set(g.id, { sig, node });
      return node;
    });
    this.nodes = next;
    return nodes;
  }

  edgesFor(graph: Graph | undefined, visible: Set<string> | null): Edge[] {
    const next = new Map<string, Edge>();
    const list = (graph?.edges ?? []).map((e) => {
      const hidden = visible !== null && (!visible.has(e.source) || !visible.has(e.target));
      const old = this.edges.get(e.id);
      const edge = old && old.hidden === hidden ? old : { id: e.id, source: e.source, target: e.target, hidden, className: `dx-edge-${e.kind}` };
      next.set(e.id, edge);
      return edge;
    });
    this.edges = next;
    return list;
  }
}
