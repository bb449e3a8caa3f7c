"use client";

import {
  Background,
  ControlButton,
  Controls,
  getViewportForBounds,
  MiniMap,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useOnViewportChange,
  useReactFlow,
  useStore,
  ViewportPortal,
  type NodeChange,
} from "@xyflow/react";
import {
  use,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";

import { count } from "@/lib/dx/format";
import type { GraphEdge, GraphNode } from "@/lib/topology/graph";

import { edgeTypes } from "./edges";
import { flowHandle } from "./flow-handle";
import {
  GroupLabels,
  MapContext,
  MAX_ZOOM,
  MIN_ZOOM,
  MINIMAP_MAX_NODES,
  MINIMAP_ROOM_PX,
  OVERVIEW_BELOW_ZOOM,
  READ_ONLY_MAP,
  useFlowStart,
  type FlowCanvasProps,
  type GraphCanvasProps,
} from "./graph-canvas";
import { HandleRenderer, nodeTypes, type DxNode } from "./nodes";
import {
  animatable,
  boundsOf,
  contains,
  firstViewport,
  grow,
  viewRect,
  WindowCache,
  withActiveEdges,
  type Rect,
  type Viewport,
} from "./window";

// React Flow's code: loaded after the map's first frame is drawn without it (graph-canvas.tsx).

const MINIMAP_COLOR = (n: DxNode) => (n.selected ? "#4f46e5" : "#94a3b8");
const FIT_VIEW = { padding: 0.05, maxZoom: 1 };
/** Where the browser remembers that the large map's hint was put away. */
const HINT_DISMISSED = "dxmap.largeMapHintDismissed";
/** How far inside the pane's edge a node brought back into view sits. */
const IN_VIEW_MARGIN_PX = 16;
/** A pane that narrows this soon after a search centred its match (the panel opening for it) centres it again. */
const REFOCUS_WITHIN_MS = 1_000;
const onStorage = (changed: () => void) => {
  window.addEventListener("storage", changed);
  return () => window.removeEventListener("storage", changed);
};

/** The zoom a searched or linked node is shown at. */
const FOCUS_ZOOM = 1.1;
/** The minimap's width (React Flow's default) and its margins: the column it takes on the right. */
const MINIMAP_COLUMN_PX = 200 + 2 * 15;
/** Where the minimap (150 px tall, 15 px from the pane's top) ends. */
const MINIMAP_BOTTOM_PX = 15 + 150;
/** Between a node moved out from under the minimap and the minimap. */
const CLEARANCE_PX = 12;

type Box = { x: number; y: number; width: number; height: number };
const boxOf = (n: GraphNode): Box => ({ x: n.x, y: n.y, width: n.width, height: n.height });

/** The box around a node and the nodes its edges join it to, but for a gateway (far to the right). */
function neighbourhood(
  node: GraphNode,
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
): Box {
  const near = new Set<string>();
  for (const e of edges) {
    // A routed edge goes to a gateway, far to the right.
    if (e.route) continue;
    if (e.source === node.id) near.add(e.target);
    else if (e.target === node.id) near.add(e.source);
  }
  let box = boxOf(node);
  for (const n of nodes) {
    if (!near.has(n.id)) continue;
    const b = boxOf(n);
    const x = Math.min(box.x, b.x);
    const y = Math.min(box.y, b.y);
    box = {
      x,
      y,
      width: Math.max(box.x + box.width, b.x + b.width) - x,
      height: Math.max(box.y + box.height, b.y + b.height) - y,
    };
  }
  return box;
}

/**
 * The map in React Flow, which takes over from the first frame (components/graph/first-frame.tsx)
 * once its code has loaded: from the view the first frame was showing.
 */
export function FlowCanvas({ onReady, ...props }: FlowCanvasProps) {
  const start = useFlowStart();
  return (
    <ReactFlowProvider initialWidth={start.width} initialHeight={start.height}>
      <HandleRenderer value={flowHandle}>
        <Canvas {...props} />
        <WhenDrawn shown={props.graph.nodes.length > 0} onReady={onReady} />
      </HandleRenderer>
    </ReactFlowProvider>
  );
}

/**
 * Tells the page when React Flow has drawn the map: its nodes are in its store and its view is set
 * (both by effects after its first render, which draws nothing).
 */
function WhenDrawn({ shown, onReady }: { shown: boolean; onReady: () => void }) {
  const drawn = useStore((s) => s.panZoom !== null && (!shown || s.nodeLookup.size > 0));
  const flow = useReactFlow();
  const { view } = use(MapContext);
  useEffect(() => {
    if (!drawn) return;
    // The first frame, over React Flow's canvas until now, may have been panned or zoomed since React
    // Flow mounted at its view: React Flow takes over from where it is now.
    const v = view.get();
    const at = flow.getViewport();
    if (v.x !== at.x || v.y !== at.y || v.zoom !== at.zoom) void flow.setViewport(v);
    onReady();
  }, [drawn, onReady, flow, view]);
  return null;
}

/** The React Flow canvas. It never reads the whole node array in a child: nodes render themselves. */
function Canvas({
  graph,
  toFlow,
  groups,
  graphWidth,
  layoutKey,
  selected,
  onSelect,
  focus,
  onZoomedOut,
}: GraphCanvasProps) {
  const flow = useReactFlow<DxNode>();
  // The store starts with GraphProvider's estimate, and React Flow never measures a pane as 0.
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);
  const { nodes, edges } = graph;
  const windowed = nodes.length > MINIMAP_MAX_NODES;
  const { pane: estimated, view } = use(MapContext);

  // Read by React Flow once, when it mounts: a later graph (a filter, a poll) keeps the view where it
  // is. Where the first frame left it (at first, the first viewport; a band chosen in the meantime).
  const [first] = useState(() => view.get());
  // The window: the view and one view's size around it, moved only when the view leaves it.
  const [area, setArea] = useState<Rect>(() =>
    grow(viewRect(first, estimated.width, estimated.height), 1),
  );
  const follow = useCallback(
    (v: Viewport) => {
      const view = viewRect(v, paneWidth, paneHeight);
      setArea((a) => (contains(a, view) ? a : grow(view, 1)));
    },
    [paneWidth, paneHeight],
  );
  // The first window is around the estimated pane at the first viewport; the first pan or zoom corrects
  // it. Followed even while the map is small enough to hold whole, so that when a filter is cleared and
  // the map becomes windowed, the window is where the view is.
  // Semantic zoom: a large map zoomed out until its nodes cannot be read becomes the overview.
  // Only the person's zoom counts (a wheel, a pinch, the zoom buttons, fit view): not the map's own
  // moves, such as a shared link's selection being brought into view from the first, fitted view
  // (which, cut short by the next move, ended zoomed out and turned the link into the overview).
  const asked = useRef(false);
  const zoomedOut = useCallback(
    (event: unknown, v: Viewport) => {
      const theirs = Boolean(event) || asked.current;
      asked.current = false;
      if (theirs && windowed && v.zoom < OVERVIEW_BELOW_ZOOM) onZoomedOut?.();
    },
    [windowed, onZoomedOut],
  );
  const askedFor = useCallback(() => {
    asked.current = true;
  }, []);
  useOnViewportChange({
    onChange: useCallback(
      (v: Viewport) => {
        follow(v);
        view.moved(v);
      },
      [follow, view],
    ),
  });
  // The map's own moves (a search's match, a band in "On this map"), animated when asked, unless the
  // map is windowed and the move long: then it jumps (window.ts's animatable says why).
  const moveTo = useCallback(
    (v: Viewport, duration?: number) => {
      const animate =
        duration !== undefined &&
        duration > 0 &&
        (!windowed || animatable(flow.getViewport(), v, paneWidth, paneHeight));
      void flow.setViewport(v, animate ? { duration } : undefined);
    },
    [flow, windowed, paneWidth, paneHeight],
  );
  useEffect(() => view.drive(moveTo), [view, moveTo]);
  const [windows] = useState(() => new WindowCache<GraphNode, GraphEdge>());
  const part = useMemo(
    () => (windowed ? windows.of(nodes, edges, area) : graph),
    [windowed, windows, graph, nodes, edges, area],
  );
  const shown = useMemo(() => toFlow(part), [toFlow, part]);
  const drawnEdges = useMemo(() => withActiveEdges(shown.edges, selected), [shown.edges, selected]);

  // Shown from the start where the pane leaves it room: on a narrower one (a 1280 px laptop) it would
  // sit on the peer column of the first view. Its button shows it either way.
  const [minimap, setMinimap] = useState(() => estimated.width >= MINIMAP_ROOM_PX);
  const minimapShown = !windowed && minimap && nodes.length > 0;

  const onNodesChange = useCallback(
    (changes: NodeChange<DxNode>[]) => {
      // Selection (click, or Enter on a focused node) goes to the URL; nothing else changes nodes.
      const selected = changes.find((c) => c.type === "select" && c.selected);
      if (!selected || selected.type !== "select") return;
      onSelect(selected.id);
      // A node chosen partly under the minimap moves out from under it: left of it when it fits
      // there, else below it.
      const node = minimapShown ? nodes.find((n) => n.id === selected.id) : undefined;
      if (!node) return;
      const { x, y, zoom } = flow.getViewport();
      const left = node.x * zoom + x;
      const top = node.y * zoom + y;
      const right = left + node.width * zoom;
      const minimapLeft = paneWidth - MINIMAP_COLUMN_PX;
      if (right <= minimapLeft || top >= MINIMAP_BOTTOM_PX) return;
      const dx = minimapLeft - CLEARANCE_PX - right;
      void flow.setViewport(
        left + dx >= 0
          ? { x: x + dx, y, zoom }
          : { x, y: y + MINIMAP_BOTTOM_PX + CLEARANCE_PX - top, zoom },
        { duration: 200 },
      );
    },
    [onSelect, minimapShown, nodes, flow, paneWidth],
  );

  const focusedAt = useRef(0);
  // The node and what it links to (its connection, peers, interface; not its far gateway), centred in
  // the part of the pane the minimap leaves: what the view was moved to show is not under it.
  const centerOn = useCallback(
    (node: GraphNode) => {
      const free = {
        width: paneWidth - (minimapShown ? MINIMAP_COLUMN_PX : 0),
        height: paneHeight,
      };
      const around = neighbourhood(node, nodes, edges);
      const box = {
        x: around.width * FOCUS_ZOOM <= free.width ? around : boxOf(node),
        y: around.height * FOCUS_ZOOM <= free.height ? around : boxOf(node),
      };
      const center = {
        x: box.x.x + box.x.width / 2 + (paneWidth - free.width) / 2 / FOCUS_ZOOM,
        y: box.y.y + box.y.height / 2,
      };
      moveTo(
        {
          x: paneWidth / 2 - center.x * FOCUS_ZOOM,
          y: paneHeight / 2 - center.y * FOCUS_ZOOM,
          zoom: FOCUS_ZOOM,
        },
        300,
      );
    },
    [moveTo, paneWidth, paneHeight, minimapShown, nodes, edges],
  );
  useEffect(() => {
    if (!focus) return;
    // From all nodes: when windowed, the one to focus may not be in React Flow yet.
    const node = nodes.find((n) => n.id === focus.id);
    if (!node) return;
    focusedAt.current = performance.now();
    centerOn(node);
    // Only a new focus request moves the view, not a poll that brings new node objects (nor the new
    // centerOn they make).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus]);

  // The side panel opening (for a node's details, say) narrows the pane from the right, over what was
  // there: the chosen node, if it is now past the pane's right edge, is brought back into view. A
  // search's match, centred a moment ago in the wider pane, is centred again in the narrower one.
  const widthBefore = useRef(paneWidth);
  useEffect(() => {
    const before = widthBefore.current;
    widthBefore.current = paneWidth;
    const node = selected ? nodes.find((n) => n.id === selected) : undefined;
    if (paneWidth >= before || !node) return;
    if (focus?.id === node.id && performance.now() - focusedAt.current < REFOCUS_WITHIN_MS) {
      centerOn(node);
      return;
    }
    const { x, y, zoom } = flow.getViewport();
    const left = node.x * zoom + x;
    const right = (node.x + node.width) * zoom + x;
    const shift = Math.min(right - (paneWidth - IN_VIEW_MARGIN_PX), left - IN_VIEW_MARGIN_PX);
    if (shift > 0) void flow.setViewport({ x: x - shift, y, zoom }, { duration: 200 });
    // Only a narrower pane moves the view, not a new selection or a poll.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [paneWidth]);

  const laidOutFrom = useRef(layoutKey);
  useEffect(() => {
    if (laidOutFrom.current === layoutKey) return;
    laidOutFrom.current = layoutKey;
    const node = selected ? nodes.find((n) => n.id === selected) : undefined;
    if (node)
      void flow.setCenter(node.x + node.width / 2, node.y + node.height / 2, {
        zoom: flow.getZoom(),
      });
    else void flow.setViewport(firstViewport(graphWidth, paneWidth));
    // Only a new layout moves the view, not a poll under the same filters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layoutKey, flow]);

  // Fit over every shown node, drawn or not (React Flow's own fit view knows only those it holds).
  // A map taller than the pane holds at the smallest zoom (thousands of interfaces) shows its start,
  // not a slice from its middle.
  const fitAll = useCallback(() => {
    asked.current = true;
    const bounds = boundsOf(nodes);
    if (!bounds) return;
    const fit = getViewportForBounds(
      bounds,
      paneWidth,
      paneHeight,
      MIN_ZOOM,
      FIT_VIEW.maxZoom,
      FIT_VIEW.padding,
    );
    const tooTall = bounds.height * fit.zoom > paneHeight;
    void flow.setViewport(
      tooTall ? { ...fit, y: paneHeight * FIT_VIEW.padding - bounds.y * fit.zoom } : fit,
      { duration: 200 },
    );
  }, [nodes, flow, paneWidth, paneHeight]);
  // The hint of a large map sits over its bottom right: read once, it can be put away, for good.
  const [hidden, setHidden] = useState(false);
  const dismissed = useSyncExternalStore(
    onStorage,
    () => localStorage.getItem(HINT_DISMISSED) === "1",
    () => false,
  );
  const hint = !hidden && !dismissed;
  const dismissHint = () => {
    setHidden(true);
    localStorage.setItem(HINT_DISMISSED, "1");
    // Its button is gone: focus goes to the map's controls, not the page.
    document
      .querySelector<HTMLElement>('.react-flow__controls button[aria-label="fit view"]')
      ?.focus();
  };

  return (
    <ReactFlow<DxNode>
      nodes={shown.nodes}
      edges={drawnEdges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onPaneClick={() => onSelect(null)}
      onMoveEnd={zoomedOut}
      {...READ_ONLY_MAP}
      defaultViewport={first}
      fitViewOptions={FIT_VIEW}
      minZoom={MIN_ZOOM}
      maxZoom={MAX_ZOOM}
      aria-label="Direct Connect topology"
      className={selected ? "dx-map-selected" : undefined}
    >
      <Background gap={24} />
      <ViewportPortal>
        <GroupLabels groups={groups} width={graphWidth} />
      </ViewportPortal>
      <Controls
        showInteractive={false}
        showFitView={!windowed}
        position="bottom-left"
        onZoomOut={askedFor}
        onFitView={askedFor}
      >
        {!windowed ? (
          // The minimap sits over the map's top right: it can be put away.
          <ControlButton
            onClick={() => setMinimap((on) => !on)}
            aria-label={minimap ? "hide minimap" : "show minimap"}
            title={minimap ? "hide minimap" : "show minimap"}
            aria-pressed={minimap}
          >
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <rect
                x="2"
                y="3"
                width="12"
                height="10"
                rx="1"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.5"
              />
              <rect x="8" y="5" width="4" height="3" fill="currentColor" />
            </svg>
          </ControlButton>
        ) : null}
        {windowed ? (
          <ControlButton onClick={fitAll} aria-label="fit view" title="fit view">
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path
                d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.5"
              />
            </svg>
          </ControlButton>
        ) : null}
      </Controls>
      {windowed ? (
        hint ? (
          <Panel
            position="bottom-right"
            className="flex items-start gap-2 rounded-md border border-border bg-surface px-2 py-1 text-xs text-muted"
          >
            <span>
              {count(nodes.length)} nodes: minimap off above {count(MINIMAP_MAX_NODES)}; zoom out
              for the overview, go down the map from “On this map”, or search, or filter by account
              or region
            </span>
            <button
              type="button"
              onClick={dismissHint}
              aria-label="Dismiss this hint"
              title="Dismiss"
              className="rounded px-1 leading-none text-foreground hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-accent"
            >
              ×
            </button>
          </Panel>
        ) : null
      ) : minimapShown ? (
        <MiniMap
          pannable
          zoomable
          position="top-right"
          nodeColor={MINIMAP_COLOR}
          ariaLabel="Minimap of the topology"
        />
      ) : null}
    </ReactFlow>
  );
}
