"use client";

import {
  memo,
  use,
  useCallback,
  useId,
  useMemo,
  useRef,
  useSyncExternalStore,
  type CSSProperties,
  type MouseEvent,
} from "react";

import type { GraphNode } from "@/lib/topology/graph";

import { bezierPath, gatewayEdgePath, type GatewayRoute } from "./edge-path";
import { GroupLabels, MapContext, type GraphCanvasProps } from "./graph-canvas";
import { handlesFor } from "./node-cache";
import { nodeTypes, type DxNode } from "./nodes";
import { viewRect, windowOf, withActiveEdges, type Viewport } from "./window";

// The map's first frame, drawn before React Flow's code has loaded (graph-canvas.tsx): the nodes in
// view and their edges, at their laid-out places, with the node components React Flow draws and the
// same classes and styles, so that React Flow taking over changes nothing on screen. It neither pans
// nor zooms; a node clicked on it is chosen.

/** React Flow's wrapper and container styles (its components set them inline). */
const WRAPPER: CSSProperties = {
  width: "100%",
  height: "100%",
  overflow: "hidden",
  position: "relative",
  zIndex: 0,
};
const CONTAINER: CSSProperties = {
  position: "absolute",
  width: "100%",
  height: "100%",
  top: 0,
  left: 0,
};
/** The background's dots, as the canvas's <Background gap={24} /> draws them. */
const DOT_GAP = 24;
/** How far a press may move and still be a click. */
const CLICK_DISTANCE_PX = 2;
/** React Flow lifts a selected node above the others. */
const SELECTED_Z = 1000;

/** Where React Flow starts an edge (a node's source handle) or ends it (its target handle). */
function handlePoint(n: GraphNode, type: "source" | "target") {
  const handle = handlesFor(n.width, n.height).find((h) => h.type === type)!;
  const x = n.x + handle.x;
  const y = n.y + handle.y + (handle.height ?? 0) / 2;
  return { x: handle.position === "right" ? x + (handle.width ?? 0) : x, y };
}

export function FirstFrame({
  graph,
  toFlow,
  groups,
  graphWidth,
  selected,
  onSelect,
}: GraphCanvasProps) {
  const { pane, view } = use(MapContext);
  const viewport = useSyncExternalStore(view.subscribe, view.get, () => view.first);
  const part = useMemo(
    () => windowOf(graph.nodes, graph.edges, viewRect(viewport, pane.width, pane.height)),
    [graph, viewport, pane],
  );
  const flow = useMemo(() => toFlow(part), [toFlow, part]);
  const edges = useMemo(() => {
    const at = new Map(part.nodes.map((n) => [n.id, n]));
    return withActiveEdges(flow.edges, selected).flatMap((e) => {
      const source = at.get(e.source);
      const target = at.get(e.target);
      if (!source || !target) return [];
      const s = handlePoint(source, "source");
      const t = handlePoint(target, "target");
      const path =
        e.type === "gateway"
          ? gatewayEdgePath(s.x, s.y, t.x, t.y, e.data as GatewayRoute)
          : bezierPath(s.x, s.y, t.x, t.y);
      return [{ id: e.id, className: e.className, path, above: Boolean(e.zIndex) }];
    });
  }, [part, flow.edges, selected]);
  // A press that moved before it was let go is an attempt to pan, not a choice (React Flow's too).
  const pressedAt = useRef<{ x: number; y: number } | null>(null);
  const choose = useCallback(
    (id: string | null, event: MouseEvent) => {
      const at = pressedAt.current;
      if (at && Math.hypot(event.clientX - at.x, event.clientY - at.y) > CLICK_DISTANCE_PX) return;
      onSelect(id);
    },
    [onSelect],
  );

  return (
    <div
      className={["react-flow dx-first-frame", selected ? "dx-map-selected" : ""].join(" ")}
      style={WRAPPER}
      role="application"
      aria-label="Direct Connect topology"
      aria-busy="true"
      data-testid="first-frame"
      onPointerDown={(event) => (pressedAt.current = { x: event.clientX, y: event.clientY })}
    >
      <Dots viewport={viewport} />
      <div className="react-flow__renderer" style={CONTAINER}>
        <div
          className="react-flow__pane react-flow__container"
          onClick={(event) => choose(null, event)}
        >
          <div
            className="dx-first-viewport react-flow__container"
            style={{
              transform: `translate(${viewport.x}px,${viewport.y}px) scale(${viewport.zoom})`,
            }}
          >
            <div className="react-flow__edges">
              {/* The selected node's edges above the nodes, as React Flow lifts them. */}
              {[false, true].map((above) => (
                <svg key={String(above)} style={{ zIndex: above ? 1 : 0 }}>
                  {edges
                    .filter((e) => e.above === above)
                    .map((e) => (
                      <g key={e.id} className={`dx-first-edge ${e.className ?? ""}`} data-id={e.id}>
                        <path d={e.path} fill="none" className="react-flow__edge-path" />
                      </g>
                    ))}
                </svg>
              ))}
            </div>
            <div className="dx-first-nodes">
              {flow.nodes.map((n) => (
                <FirstNode key={n.id} node={n} onChoose={choose} />
              ))}
            </div>
            <div className="react-flow__viewport-portal">
              <GroupLabels groups={groups} width={graphWidth} />
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}

/** One node as React Flow would wrap it: placed, sized and drawn by its kind's component. */
const FirstNode = memo(function FirstNode({
  node,
  onChoose,
}: {
  node: DxNode;
  onChoose: (id: string, event: MouseEvent) => void;
}) {
  const Kind = nodeTypes[node.type as keyof typeof nodeTypes];
  const selected = node.selected ?? false;
  return (
    <div
      // Joined, not one template: the Tailwind formatter trims the space a class string starts with.
      className={[
        "dx-first-node",
        `react-flow__node-${node.type}`,
        selected ? "selected" : "",
      ].join(" ")}
      data-id={node.id}
      aria-label={node.ariaLabel}
      style={{
        zIndex: selected ? SELECTED_Z : 0,
        transform: `translate(${node.position.x}px,${node.position.y}px)`,
        width: node.width,
        height: node.height,
      }}
      role="group"
      aria-roledescription="node"
      onClick={(event) => {
        event.stopPropagation();
        onChoose(node.id, event);
      }}
    >
      <Kind
        id={node.id}
        data={node.data}
        type={node.type ?? ""}
        selected={selected}
        selectable
        draggable={false}
        deletable={false}
        dragging={false}
        isConnectable={false}
        zIndex={selected ? SELECTED_Z : 0}
        positionAbsoluteX={node.position.x}
        positionAbsoluteY={node.position.y}
        width={node.width}
        height={node.height}
      />
    </div>
  );
});

/** The canvas's dotted background, as React Flow's <Background> draws it at this view. */
function Dots({ viewport: { x, y, zoom } }: { viewport: Viewport }) {
  // Used in url(#…): without the punctuation React puts in its ids.
  const id = `dx-dots-${useId().replace(/[^\w-]/g, "")}`;
  const gap = DOT_GAP * zoom || 1;
  return (
    <svg className="react-flow__background" style={CONTAINER}>
      <pattern
        id={id}
        x={x % gap}
        y={y % gap}
        width={gap}
        height={gap}
        patternUnits="userSpaceOnUse"
        patternTransform={`translate(-${gap / 2},-${gap / 2})`}
      >
        <circle
          cx={zoom / 2}
          cy={zoom / 2}
          r={zoom / 2}
          className="react-flow__background-pattern dots"
        />
      </pattern>
      <rect x="0" y="0" width="100%" height="100%" fill={`url(#${id})`} />
    </svg>
  );
}
