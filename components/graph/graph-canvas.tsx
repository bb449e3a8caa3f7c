"use client";

import { Background, Controls, MiniMap, Panel, ReactFlow, useReactFlow, type Edge, type NodeChange } from "@xyflow/react";
import { useCallback, useEffect } from "react";

import { nodeTypes, type DxNode } from "./nodes";

import "@xyflow/react/dist/style.css";

interface Props {
  nodes: DxNode[];
  edges: Edge[];
  onSelect: (id: string | null) => void;
  /** A node to bring into view (search, or a shared URL's selection). */
  focus: { id: string; seq: number } | null;
}

const MINIMAP_COLOR = (n: DxNode) => (n.selected ? "#4f46e5" : "#94a3b8");
/**
 * The minimap draws every node, visible or not, on each pan: above this many nodes it costs more
 * frames than it is worth, and "Fit view" gives the overview instead.
 */
export const MINIMAP_MAX_NODES = 2_000;

/** The React Flow canvas. It never reads the whole node array in a child: nodes render themselves. */
export function GraphCanvas({ nodes, edges, onSelect, focus }: Props) {
  const flow = useReactFlow<DxNode>();

  const onNodesChange = useCallback(
    (changes: NodeChange<DxNode>[]) => {
      // Selection (click, or Enter on a focused node) goes to the URL; nothing else changes nodes.
      const selected = changes.find((c) => c.type === "select" && c.selected);
      if (selected && selected.type === "select") onSelect(selected.id);
    },
    [onSelect],
  );

  useEffect(() => {
    if (!focus) return;
    const node = flow.getNode(focus.id);
    if (!node) return;
    void flow.setCenter(node.position.x + (node.width ?? 0) / 2, node.position.y + (node.height ?? 0) / 2, { zoom: 1.1, duration: 300 });
  }, [focus, flow]);

  return (
    <ReactFlow<DxNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onPaneClick={() => onSelect(null)}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      onlyRenderVisibleElements
      // Start readable at the top left (the first region and account); "fit view" shows everything.
      defaultViewport={{ x: 24, y: 32, zoom: 0.85 }}
      fitViewOptions={{ padding: 0.05, maxZoom: 1 }}
      minZoom={0.05}
      maxZoom={2}
      aria-label="Direct Connect topology"
    >
      <Background gap={24} />
      <Controls showInteractive={false} position="bottom-left" />
      {nodes.length <= MINIMAP_MAX_NODES ? (
        <MiniMap pannable zoomable position="bottom-right" nodeColor={MINIMAP_COLOR} ariaLabel="Minimap of the topology" />
      ) : (
        <Panel position="bottom-right" className="rounded-md border border-border bg-surface px-2 py-1 text-xs text-muted">
          {nodes.length.toLocaleString("en-US")} nodes: minimap off above {MINIMAP_MAX_NODES.toLocaleString("en-US")}; use fit view for the overview
        </Panel>
      )}
    </ReactFlow>
  );
}
