"use client";

import {
  memo,
  use,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type CSSProperties,
  type MouseEvent,
  type PointerEvent,
} from "react";

import type { GraphNode } from "@/lib/topology/graph";

import { bezierPath, gatewayEdgePath, type GatewayRoute } from "./edge-path";
import {
  GroupLabels,
  MapContext,
  MAX_ZOOM,
  MIN_ZOOM,
  MINIMAP_MAX_NODES,
  OVERVIEW_BELOW_ZOOM,
  type GraphCanvasProps,
} from "./graph-canvas";
import { handlesFor } from "./node-cache";
import { nodeTypes, type DxNode } from "./nodes";
import {
  contains,
  grow,
  viewRect,
  windowOf,
  withActiveEdges,
  type Rect,
  type Viewport,
} from "./window";

// The map's first frame, drawn before React Flow's code has loaded (graph-canvas.tsx): the nodes in
// view and their edges, at their laid-out places, with the node components React Flow draws and the
// same classes and styles, so that React Flow taking over changes nothing on screen. It pans (a drag)
// and zooms (the wheel) as React Flow does, and React Flow takes over from where it was left; a node
// clicked on it is chosen. The controls, the minimap and the keyboard come with React Flow.

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
/** A pan or zoom that leaves the nodes found finds those within a view's size around the new view. */
const MARGIN_VIEWS = 1;

/** The zoom a wheel turn asks for, as React Flow's (d3-zoom's) wheel: a pinch is ten times a turn on macOS. */
function wheelZoom(event: WheelEvent, zoom: number) {
  const pinch = event.ctrlKey && navigator.userAgent.includes("Mac") ? 10 : 1;
  const delta =
    -event.deltaY * (event.deltaMode === 1 ? 0.05 : event.deltaMode ? 1 : 0.002) * pinch;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom * 2 ** delta));
}

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
  onZoomedOut,
}: GraphCanvasProps) {
  const { pane, view } = use(MapContext);
  const viewport = useSyncExternalStore(view.subscribe, view.get, () => view.first);
  // The nodes within a view's size around the view are found in the whole graph (as React Flow's
  // window is: a pass over every node and edge, 50-60 ms at XL, whatever the area), and found again
  // only when a pan or zoom leaves that area; the frames between look only through those. What is
  // drawn is what is in view (and the far ends of its edges): a frame of a pan mounts only the nodes
  // it brings into view.
  const seen = viewRect(viewport, pane.width, pane.height);
  const [area, setArea] = useState<Rect>(() => grow(seen, MARGIN_VIEWS));
  if (!contains(area, seen)) setArea(grow(seen, MARGIN_VIEWS));
  const near = useMemo(() => windowOf(graph.nodes, graph.edges, area), [graph, area]);
  const part = useMemo(
    () => windowOf(near.nodes, near.edges, viewRect(viewport, pane.width, pane.height)),
    [near, viewport, pane],
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
  // A drag pans: from the view at the press, by how far the pointer has moved since.
  const drag = useRef<{ pointer: number; x: number; y: number; from: Viewport } | null>(null);
  const [dragging, setDragging] = useState(false);
  const press = (event: PointerEvent<HTMLDivElement>) => {
    pressedAt.current = { x: event.clientX, y: event.clientY };
    if (event.button === 0)
      drag.current = {
        pointer: event.pointerId,
        x: event.clientX,
        y: event.clientY,
        from: view.get(),
      };
  };
  const pan = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointer !== event.pointerId) return;
    const dx = event.clientX - d.x;
    const dy = event.clientY - d.y;
    if (Math.hypot(dx, dy) <= CLICK_DISTANCE_PX) return;
    // The pointer may leave the pane while it drags, as it may on React Flow's.
    if (!event.currentTarget.hasPointerCapture(event.pointerId)) {
      event.currentTarget.setPointerCapture(event.pointerId);
      setDragging(true);
    }
    view.moved({ x: d.from.x + dx, y: d.from.y + dy, zoom: d.from.zoom });
  };
  const release = () => {
    drag.current = null;
    setDragging(false);
  };
  // The wheel zooms about the pointer. Not a React handler: those are passive, and the page must not
  // scroll (nor the browser zoom, for a pinch).
  const frame = useRef<HTMLDivElement>(null);
  const windowed = graph.nodes.length > MINIMAP_MAX_NODES;
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const v = view.get();
      const zoom = wheelZoom(event, v.zoom);
      if (zoom === v.zoom) return;
      const box = el.getBoundingClientRect();
      const px = event.clientX - box.left;
      const py = event.clientY - box.top;
      view.moved({
        x: px - ((px - v.x) * zoom) / v.zoom,
        y: py - ((py - v.y) * zoom) / v.zoom,
        zoom,
      });
      if (windowed && zoom < OVERVIEW_BELOW_ZOOM) onZoomedOut?.();
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [view, windowed, onZoomedOut]);

  return (
    <div
      className={["react-flow dx-first-frame", selected ? "dx-map-selected" : ""].join(" ")}
      style={WRAPPER}
      role="application"
      aria-label="Direct Connect topology"
      aria-busy="true"
      data-testid="first-frame"
      ref={frame}
      onPointerDown={press}
      onPointerMove={pan}
      onPointerUp={release}
      onPointerCancel={release}
    >
      <Dots viewport={viewport} />
      <div className="react-flow__renderer" style={CONTAINER}>
        <div
          className={[
            "react-flow__pane react-flow__container draggable",
            dragging ? "dragging" : "",
          ].join(" ")}
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
