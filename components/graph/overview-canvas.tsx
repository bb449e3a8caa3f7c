"use client";

import {
  Background,
  Controls,
  ReactFlow,
  useOnViewportChange,
  useReactFlow,
  useStore,
  type Edge,
  type NodeChange,
  type NodeMouseHandler,
  type Viewport,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import type { Overview } from "@/lib/topology/overview";

import { placed } from "./node-cache";
import { nodeLabel, type DxNode } from "./nodes";
import { READ_ONLY_MAP } from "./graph-canvas";
import { overviewNodeLabel, overviewNodeTypes } from "./overview-nodes";

import "@xyflow/react/dist/style.css";

export interface OverviewCanvasProps {
  overview: Overview;
  /** Names what the overview was built from (the filters): when it changes, the view fits it again. */
  layoutKey: string;
  selected: string | null;
  onSelect: (id: string | null) => void;
  /** Opens or closes a location (by its key) or a connection or LAG (by its id). */
  onToggle: (key: string) => void;
  /**
   * Asks for what must be open for a resource to be shown here; false when the overview never shows
   * it (a gateway): the page shows it on the detailed map instead.
   */
  onReveal: (id: string) => boolean;
  /** A node to bring into view (search, a link in the details, a shared URL's selection). */
  focus: { id: string; seq: number } | null;
  highlighted: ReadonlySet<string>;
}

const FIT = { padding: 0.04, maxZoom: 1 };
const FOCUS_ZOOM = 1;
/** The zoom at which a closed location or connection under the view's centre opens. */
const OPEN_AT_ZOOM = 1.5;
/** Between what the view was moved to show and the pane's edge. */
const EDGE_MARGIN_PX = 16;

type FlowNode = DxNode;

/** The overview in React Flow: a few hundred nodes at most, all held (no windowing, no minimap). */
export function OverviewCanvas({
  overview,
  layoutKey,
  selected,
  onSelect,
  onToggle,
  onReveal,
  focus,
  highlighted,
}: OverviewCanvasProps) {
  const flow = useReactFlow<FlowNode>();
  const nodes = useMemo<FlowNode[]>(
    () =>
      overview.nodes.map((n) => {
        const aggregate =
          n.data.kind === "region" || n.data.kind === "location" || n.data.kind === "parent";
        return {
          ...placed(n, n.data.kind),
          data: aggregate ? n.data : { ...n.data, changed: highlighted.has(n.id) },
          selected: n.id === selected,
          // A region or location is opened, not chosen: its button takes the keyboard's focus.
          selectable: n.data.kind !== "region" && n.data.kind !== "location",
          focusable: n.data.kind !== "region" && n.data.kind !== "location",
          ariaLabel:
            n.data.kind === "region" || n.data.kind === "location" || n.data.kind === "parent"
              ? overviewNodeLabel(n.data)
              : nodeLabel(n.data, n.id),
        } as FlowNode;
      }),
    [overview.nodes, selected, highlighted],
  );
  const edges = useMemo<Edge[]>(
    () =>
      overview.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        className: "dx-edge-interface",
      })),
    [overview.edges],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const chosen = changes.find((c) => c.type === "select" && c.selected);
      if (chosen && chosen.type === "select") onSelect(chosen.id);
    },
    [onSelect],
  );
  // What was just opened: once the overview holds its contents, the view moves left to show them.
  const opening = useRef<string | null>(null);
  // A click on a location, or on a connection or LAG (which also shows its details), opens or closes it.
  const onNodeClick: NodeMouseHandler<FlowNode> = useCallback(
    (_event, node) => {
      if (node.type !== "location" && node.type !== "parent") return;
      if (!(node.data as { open?: boolean }).open) opening.current = node.id;
      onToggle(node.id);
    },
    [onToggle],
  );
  /** The view's last move was this component's own (to show what opened, or a search's match). */
  const movedByUs = useRef(false);
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);
  // Semantic zoom: zoomed in close on a closed location or connection (the one under the view's
  // centre), it opens, as if clicked. What opens pushes only what is below it down, so the view
  // still shows what it was moved to.
  useOnViewportChange({
    onEnd: useCallback(
      (v: Viewport) => {
        // Only the person's zoom opens: not the view moving to show what just opened (which would
        // open what it then centres, and so on down).
        if (movedByUs.current) {
          movedByUs.current = false;
          return;
        }
        if (v.zoom < OPEN_AT_ZOOM) return;
        const cx = (paneWidth / 2 - v.x) / v.zoom;
        const cy = (paneHeight / 2 - v.y) / v.zoom;
        const under = overview.nodes.find(
          (n) =>
            (n.data.kind === "location" || n.data.kind === "parent") &&
            !n.data.open &&
            cx >= n.x &&
            cx <= n.x + n.width &&
            cy >= n.y &&
            cy <= n.y + n.height,
        );
        if (under) {
          opening.current = under.id;
          onToggle(under.id);
        }
      },
      [paneWidth, paneHeight, overview.nodes, onToggle],
    ),
  });
  useEffect(() => {
    const id = opening.current;
    opening.current = null;
    const opened = id ? overview.nodes.find((n) => n.id === id) : undefined;
    if (!opened) return;
    // Its contents sit in the columns right of it: bring their right edge into the pane, at the same
    // zoom, without pushing the opened node out of its left side.
    const right = overview.nodes.reduce(
      (r, n) => (n.x > opened.x ? Math.max(r, n.x + n.width) : r),
      opened.x + opened.width,
    );
    const { x, y, zoom } = flow.getViewport();
    const overflow = right * zoom + x - (paneWidth - EDGE_MARGIN_PX);
    const room = opened.x * zoom + x - EDGE_MARGIN_PX;
    const shift = Math.min(overflow, room);
    if (shift > 0) {
      movedByUs.current = true;
      void flow.setViewport({ x: x - shift, y, zoom }, { duration: 300 });
    }
  }, [overview, flow, paneWidth]);

  const centre = useCallback(
    (id: string) => {
      const n = overview.nodes.find((x) => x.id === id);
      if (!n) return false;
      movedByUs.current = true;
      void flow.setCenter(n.x + n.width / 2, n.y + n.height / 2, {
        zoom: Math.max(flow.getZoom(), FOCUS_ZOOM),
        duration: 300,
      });
      return true;
    },
    [flow, overview.nodes],
  );
  // A resource inside what is closed: its location and connection are opened first, then it is centred
  // once the overview holds it.
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (!focus) return;
    if (centre(focus.id)) return;
    pending.current = onReveal(focus.id) ? focus.id : null;
    // Only a new focus request moves the view, not a poll.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus]);
  useEffect(() => {
    if (pending.current && centre(pending.current)) pending.current = null;
  }, [centre]);

  // Opened with parts open (a shared link, a reload): the view goes to the last one opened, at a
  // readable zoom, rather than fit everything they hold.
  const [openOnLoad] = useState(
    () =>
      overview.nodes.findLast(
        (n) => (n.data.kind === "location" || n.data.kind === "parent") && n.data.open,
      )?.id ?? null,
  );
  useEffect(() => {
    const n = !focus && openOnLoad ? overview.nodes.find((x) => x.id === openOnLoad) : undefined;
    // At the pane's left, a little below its top: what it holds is to its right and below it.
    if (n) movedByUs.current = true;
    if (n)
      void flow.setViewport({
        x: EDGE_MARGIN_PX - n.x * FOCUS_ZOOM,
        y: paneHeight / 4 - n.y * FOCUS_ZOOM,
        zoom: FOCUS_ZOOM,
      });
    // Once, as the overview first draws.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const fittedFor = useRef(layoutKey);
  useEffect(() => {
    if (fittedFor.current === layoutKey) return;
    fittedFor.current = layoutKey;
    movedByUs.current = true;
    void flow.fitView(FIT);
  }, [layoutKey, flow]);

  return (
    <ReactFlow<FlowNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={overviewNodeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={onNodeClick}
      onPaneClick={() => onSelect(null)}
      {...READ_ONLY_MAP}
      fitView={!focus && !openOnLoad}
      fitViewOptions={FIT}
      minZoom={0.05}
      maxZoom={2}
      aria-label="Direct Connect overview"
      className={selected ? "dx-map-selected" : undefined}
      data-testid="overview"
    >
      <Background gap={24} />
      <Controls showInteractive={false} position="bottom-left" fitViewOptions={FIT} />
    </ReactFlow>
  );
}
