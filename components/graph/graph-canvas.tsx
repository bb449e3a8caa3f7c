"use client";

import {
  createContext,
  memo,
  use,
  useCallback,
  useEffect,
  useState,
  useSyncExternalStore,
  type ComponentType,
  type ReactNode,
} from "react";

import type { Edge } from "@xyflow/react";

import { count } from "@/lib/dx/format";
import { FLOW_REQUESTED_MARK, type GraphGroup } from "@/lib/topology/graph";

import { FirstFrame } from "./first-frame";
import type { GraphPart } from "./node-cache";
import type { DxNode } from "./nodes";
import { sidebarWidthPx } from "./sidebar";
import { firstViewport, type Viewport } from "./window";

// The map's first frame is drawn without React Flow (first-frame.tsx: the nodes in view at their
// laid-out places, with the same components and styles), and React Flow's code (flow-canvas.tsx, with
// its d3 modules a fifth of the page's script) loads once that frame is on screen, then takes over
// from the same view. React Flow's styles are the page's from the start: the first frame uses them.
import "@xyflow/react/dist/style.css";

export interface GraphCanvasProps {
  /** Every node and edge of the map, laid out. */
  graph: GraphPart;
  /**
   * React Flow's nodes and edges for some of the graph's: all of them, or, for a large map, the window
   * near the view (ElementCache: the same objects while what they show is unchanged).
   */
  toFlow: (part: GraphPart) => { nodes: DxNode[]; edges: Edge[] };
  /** The bands of the map (one per region and account), labelled above each. */
  groups: GraphGroup[];
  /** The laid-out graph's width: the first view shows all its columns where the pane allows. */
  graphWidth: number;
  /**
   * Names what the graph was laid out from (the filters): when it changes, the view moves to the
   * selected node if it is still shown, or to the new graph's first view (the old view may show nothing).
   */
  layoutKey: string;
  selected: string | null;
  onSelect: (id: string | null) => void;
  /** A node to bring into view (search, or a shared URL's selection). */
  focus: { id: string; seq: number } | null;
  /** A large map zoomed out past reading (or fitted whole): the page shows the overview instead. */
  onZoomedOut?: () => void;
  /** React Flow has drawn the map (after its first frame): its controls, minimap and keyboard are there. */
  onFlowDrawn?: () => void;
}

/**
 * What the map and the overview share: nodes are chosen, never dragged or joined (the layout places
 * them, AWS makes the edges), and only those in view are rendered.
 */
export const READ_ONLY_MAP = {
  nodesDraggable: false,
  nodesConnectable: false,
  edgesFocusable: false,
  elementsSelectable: true,
  onlyRenderVisibleElements: true,
} as const;

/**
 * Above this many nodes the minimap is off (it draws every node on each pan) and React Flow holds
 * only the nodes near the view (components/graph/window.ts).
 */
export const MINIMAP_MAX_NODES = 2_000;

/** How far the map zooms out and in (React Flow's canvas, and the first frame before it). */
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 2;
/** Below this zoom a node's text is a few pixels tall: a large map shows its overview instead. */
export const OVERVIEW_BELOW_ZOOM = 0.2;

/** The pane width from which the minimap is shown from the start. */
export const MINIMAP_ROOM_PX = 1000;
/** What the page puts above the pane: the site header (h-14) and the current band's strip (h-7). */
const HEADER_PX = 56 + 28;

export interface PaneSize {
  width: number;
  height: number;
}

/**
 * The pane's size before React Flow has measured it: the window less the side panel, open or folded,
 * and the header (a little taller than the pane: the filter bar is not subtracted). The map renders
 * only in a browser (its data is read there); elsewhere, a common laptop's pane.
 */
function estimatedPane(sidebarOpen: boolean): PaneSize {
  if (typeof window === "undefined") return { width: 1056, height: 844 };
  return {
    width: Math.max(320, window.innerWidth - sidebarWidthPx(sidebarOpen)),
    height: Math.max(240, window.innerHeight - HEADER_PX),
  };
}

/**
 * Where the map's view is, told by whichever canvas draws it (the first frame, then React Flow's), for
 * what reads it outside the canvas (the current band, the labels) and what moves it (the bands in
 * "On this map").
 */
export class MapView {
  private viewport: Viewport;
  private readonly listeners = new Set<() => void>();
  private mover: ((v: Viewport, durationMs?: number) => void) | null = null;

  constructor(readonly first: Viewport) {
    this.viewport = first;
  }

  get = () => this.viewport;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** The view moved (a pan, a zoom, a move asked for). */
  moved(v: Viewport) {
    const now = this.viewport;
    if (v.x === now.x && v.y === now.y && v.zoom === now.zoom) return;
    this.viewport = v;
    for (const listener of this.listeners) listener();
  }

  /** Moves the view: React Flow animates it once it draws the map; the first frame jumps. */
  moveTo(v: Viewport, durationMs?: number) {
    if (this.mover) this.mover(v, durationMs);
    else this.moved(v);
  }

  /** The canvas that moves the view from now on, until the returned function is called. */
  drive(mover: (v: Viewport, durationMs?: number) => void) {
    this.mover = mover;
    return () => {
      if (this.mover === mover) this.mover = null;
    };
  }
}

/** What the page knows of the map before React Flow: the pane's estimated size and the view. */
export const MapContext = createContext<{ pane: PaneSize; view: MapView }>({
  pane: { width: 1056, height: 844 },
  view: new MapView({ x: 0, y: 0, zoom: 1 }),
});

/** A part of the map's view, re-rendered only when that part changes. */
export function useMapView<T extends string | number | null>(select: (v: Viewport) => T): T {
  const { view } = use(MapContext);
  return useSyncExternalStore(
    view.subscribe,
    () => select(view.get()),
    () => select(view.first),
  );
}

/**
 * React Flow's store, told the pane's likely size from the start. Without it the store's pane is
 * 0 × 0 until an effect measures it, so the first render draws no node at all, and the map is drawn
 * only by a second render after a forced layout. React Flow's first render is at zoom 1 (the first
 * viewport is applied by an effect after it), so the size given is what the first viewport will
 * show: the estimated pane over its zoom. The measurement follows and corrects it.
 */
export function useFlowStart(): PaneSize {
  const { pane, view } = use(MapContext);
  return { width: pane.width / view.first.zoom, height: pane.height / view.first.zoom };
}

/**
 * The map's view for everything under it: the canvas, and the page around it that reads or moves
 * the view (the current band, "On this map").
 */
export function GraphProvider({
  graphWidth,
  sidebarOpen,
  children,
}: {
  graphWidth: number;
  /** Whether the side panel is open as the map first draws: the pane is that much narrower. */
  sidebarOpen: boolean;
  children: ReactNode;
}) {
  const [map] = useState(() => {
    const pane = estimatedPane(sidebarOpen);
    return { pane, view: new MapView(firstViewport(graphWidth, pane.width)) };
  });
  return <MapContext value={map}>{children}</MapContext>;
}

/** React Flow's canvas, told when it has drawn the map. */
export type FlowCanvasProps = GraphCanvasProps & { onReady: () => void };
type FlowCanvasType = ComponentType<FlowCanvasProps>;
/** React Flow's canvas once loaded: a later canvas (the map left for the overview and back) starts with it. */
let loadedFlow: FlowCanvasType | undefined;
const loadFlow = () => {
  performance.mark(FLOW_REQUESTED_MARK);
  return import("./flow-canvas").then((m) => {
    loadedFlow = m.FlowCanvas;
    return m.FlowCanvas;
  });
};

/**
 * The map: its first frame, drawn at once without React Flow, then React Flow's canvas, whose code is
 * asked for once that frame is on screen (at once when a link names a node to bring into view: the
 * view moves, which only React Flow does). The first frame stays over React Flow's canvas until that
 * has drawn the map (its first render has no node yet), so the map never blinks. A node clicked in the
 * meantime is chosen.
 */
export function GraphCanvas(props: GraphCanvasProps) {
  const [Flow, setFlow] = useState<FlowCanvasType | undefined>(() => loadedFlow);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [now] = useState(() => props.focus !== null);
  useEffect(() => {
    if (Flow) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      loadFlow().then(
        (canvas) => {
          if (!cancelled) setFlow(() => canvas);
        },
        (error: unknown) => {
          if (!cancelled) setFailed(error instanceof Error ? error.message : String(error));
        },
      );
    // The frame after the one that shows the first frame: the paint is not held for the request.
    const frame = now ? undefined : requestAnimationFrame(() => (timer = setTimeout(load, 0)));
    if (now) void load();
    return () => {
      cancelled = true;
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [Flow, now]);
  const onReady = useCallback(() => setReady(true), []);
  const { onFlowDrawn } = props;
  useEffect(() => {
    if (ready) onFlowDrawn?.();
  }, [ready, onFlowDrawn]);
  return (
    <>
      {Flow ? <Flow {...props} onReady={onReady} /> : null}
      {ready ? null : (
        <div className="absolute inset-0 z-10">
          <FirstFrame {...props} />
        </div>
      )}
      {failed ? (
        <p
          role="alert"
          className="absolute bottom-2 left-2 z-10 rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900 dark:bg-rose-400/10 dark:text-rose-200"
        >
          Part of the map’s code did not load ({failed}): it pans and zooms, but its controls,
          minimap and keyboard are missing. Reload the page.
        </p>
      ) : null}
    </>
  );
}

/** GraphGroup's label sits this far above its band's first row, in the gap the layout leaves. */
const LABEL_ABOVE = 44;

/** Moves the view to a band's label, at the same zoom and horizontal place (the map overview's links). */
export function useGoToBand() {
  const { view } = use(MapContext);
  return useCallback(
    (g: GraphGroup) => {
      const { x, zoom } = view.get();
      view.moveTo({ x, y: -(g.y - LABEL_ABOVE - 8) * zoom, zoom }, 300);
    },
    [view],
  );
}

/**
 * A label and a rule above each region and account's band: where one region or account ends and the
 * next begins, and what it holds. Few (one per region and account), so all are drawn, in flow
 * coordinates, in the gaps the layout leaves above the bands (no node is under one).
 */
export const GroupLabels = memo(function GroupLabels({
  groups,
  width,
}: {
  groups: GraphGroup[];
  width: number;
}) {
  // With the map's left edge panned out of view (a node centred far right), the labels keep to the
  // pane's left edge rather than show only their ends. Re-rendered only while that edge is out of view.
  const left = useMapView((v) => Math.max(0, Math.round((8 - v.x) / v.zoom)));
  return groups.map((g) => (
    <div
      key={`${g.region}/${g.account}`}
      data-testid="map-group"
      className="pointer-events-none absolute flex items-baseline gap-3 border-t border-border pt-1.5"
      style={{
        transform: `translate(${Math.min(left, Math.max(0, width - 320))}px, ${g.y - LABEL_ABOVE}px)`,
        width: Math.max(320, width - left),
      }}
    >
      <span className="text-lg font-semibold">
        {g.region} · {g.account}
      </span>
      <span className="text-sm text-muted">{bandContents(g)}</span>
    </div>
  ));
});

const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;

/**
 * What a band holds, as its label says it: "3 connections · 1 LAG · 9 interfaces · 2 gateways", or
 * "4 gateways" for a band of gateways no interface uses.
 */
export const bandContents = (g: GraphGroup) => {
  const onlyGateways = g.connections + g.lags + g.interfaces === 0 && g.gateways > 0;
  return [
    onlyGateways ? null : plural(g.connections, "connection"),
    g.lags ? plural(g.lags, "LAG") : null,
    onlyGateways ? null : plural(g.interfaces, "interface"),
    g.gateways ? plural(g.gateways, "gateway") : null,
  ]
    .filter(Boolean)
    .join(" · ");
};

/**
 * The band at the top of the view, once its own label has scrolled away: at L a band is thousands of
 * rows, and the region and account of what is on screen would otherwise be a scroll away. Re-rendered
 * only when the band changes, not on every frame of a pan. Rendered by the page in the strip above the
 * map, inside GraphProvider (it reads the view).
 */
export function CurrentBand({ groups }: { groups: GraphGroup[] }) {
  const label = useMapView(
    useCallback(
      (v: Viewport) => {
        const top = -v.y / v.zoom;
        let current: GraphGroup | undefined;
        for (const g of groups) {
          if (g.y - LABEL_ABOVE >= top) break;
          current = g;
        }
        return current && top > current.y - LABEL_ABOVE && top < current.bottom
          ? `${current.region} · ${current.account}`
          : null;
      },
      [groups],
    ),
  );
  // Shown only once the band's own label has scrolled away.
  return label ? (
    <span className="font-semibold" data-testid="current-band">
      {label}
    </span>
  ) : null;
}
