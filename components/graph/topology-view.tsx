"use client";

import { useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";

import { clockTime } from "@/lib/dx/format";
import type { DxEvent } from "@/lib/dx/history";
import type { DxTopology } from "@/lib/dx/types";
import { ChangeMarks, diffStates } from "@/lib/topology/changes";
import { eventLine } from "@/lib/history/describe";
import { goneSubject } from "@/lib/history/subject";
import { dxKeys } from "@/lib/dx/query-keys";
import {
  buildGraph,
  findNodes,
  GRAPH_MEASURE,
  indexForPatches,
  layoutGraph,
  scopeTopology,
  type GraphGroup,
} from "@/lib/topology/graph";
import { parseQuery } from "@/lib/topology/query";
import { mapMarks } from "@/lib/resilience/present";
import { StatesPresent } from "@/lib/topology/states-present";
import { AttentionCounts } from "@/lib/topology/attention-counts";
import { shownTopology, visibleIds } from "@/lib/topology/visibility";

import { useRecentEvents } from "../history/use-recent-events";
import { ReadErrorsNotice } from "../read-errors-notice";
import { holdAnalysesForFirstDraw, useAnalysis } from "../resilience/use-resilience";
import { useStoredFlag } from "../use-stored-flag";
import { readAtOnceNext, useTopology } from "../use-topology";
import { Filters, isFiltered, NO_FILTERS, type SearchResult } from "./filters";
import { CurrentBand, GraphCanvas, GraphProvider } from "./graph-canvas";
import { Legend } from "./legend";
import { MapOverview } from "./map-overview";
import { holdsResource, MissingSelection, SelectResourceContext } from "../selection";
import { ElementCache, type GraphPart } from "./node-cache";
import { Sidebar } from "./sidebar";
import { useViewState, type MapMode } from "./use-view-state";
import { whenIdle } from "../when-idle";

// A node's details (their fields, resilience, failover history and gateway lists) are drawn when a
// node is chosen, not at the map's first paint: their code loads when the browser is idle after the
// map is drawn (then the actions' forms: preloadActions), at once when the URL names a selection,
// and a node chosen before it arrives shows that its details are loading.
const loadDetails = () => import("./details-panel");
const DetailsPanel = dynamic(() => loadDetails().then((m) => m.DetailsPanel), {
  loading: () => (
    <section
      aria-label="Details"
      className="rounded-lg border border-border bg-surface p-4"
      data-testid="details-loading"
    >
      <p role="status" className="text-sm text-muted">
        Loading the details…
      </p>
    </section>
  ),
});
const HistorySection = dynamic(() => loadDetails().then((m) => m.HistorySection), {
  loading: () => null,
});

// The overview (its layout and its canvas) is drawn only when it is the view: its code loads alongside
// the first read when the URL does not ask for the detailed map (the first view of a large estate is
// the overview), else when the person switches to it.
const loadOverview = () => import("./overview-map");
const OverviewMap = dynamic(() => loadOverview().then((m) => m.OverviewMap));

/** Whether an estate's map is too large to read whole: the overview is its first view. */
const OVERVIEW_FIRST_FROM_INTERFACES = 1_000;

/**
 * Loads the details' code (then the actions' forms) and the overview's, when the browser is idle after
 * the first paint.
 */
function preloadLater(): () => void {
  let cancelled = false;
  let cancelActions: (() => void) | undefined;
  const cancelIdle = whenIdle(
    () => {
      void loadDetails().then(
        (m) => {
          if (!cancelled) cancelActions = m.preloadActions();
        },
        () => undefined,
      );
      // So that switching to the overview draws it at once.
      void loadOverview().catch(() => undefined);
    },
    3_000,
    500,
  );
  return () => {
    cancelled = true;
    cancelIdle();
    cancelActions?.();
  };
}

/**
 * Focuses the details' title once it is drawn: their code may still be arriving (a node chosen
 * before it was preloaded), so it is tried again on the next frames. Returns what stops it.
 */
function focusDetailsTitle(): () => void {
  let stopped = false;
  let frames = 0;
  const attempt = () => {
    if (stopped) return;
    const title = document.getElementById("details-title");
    if (title) title.focus();
    else if (frames++ < 120) requestAnimationFrame(attempt);
  };
  // After the key's own handling, as closing does (React Flow handles Enter on a node too).
  void loadDetails().then(
    () => setTimeout(attempt),
    () => undefined,
  );
  return () => {
    stopped = true;
  };
}

/** Where the browser remembers that the side panel was folded away. */
const SIDE_PANEL_FOLDED = "dxmap.sidePanelFolded";

/** How long a changed node stays highlighted. */
const HIGHLIGHT_MS = 4_000;

/**
 * Highlights the nodes whose state changed between successive reads, each for HIGHLIGHT_MS however
 * many reads come meanwhile.
 */
function useChangedHighlight(data: DxTopology | undefined) {
  const previous = useRef<DxTopology | undefined>(undefined);
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(new Set());
  const [timers] = useState(() => new Set<ReturnType<typeof setTimeout>>());
  const [marks] = useState(() => new ChangeMarks());
  const later = useCallback(
    (run: () => void, ms: number) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, ms);
      timers.add(timer);
    },
    [timers],
  );
  useEffect(
    () => () => {
      for (const timer of timers) clearTimeout(timer);
    },
    [timers],
  );
  useEffect(() => {
    if (!data) return;
    const before = previous.current;
    previous.current = data;
    if (!before || before === data) return;
    // After this commit's other effects: React Flow takes the new nodes in one of its own, and the
    // changed badges are drawn then; the comparison would only delay them.
    later(() => {
      const changes = diffStates(before, data);
      if (changes.length === 0) return;
      const change = marks.mark(changes.map((c) => c.id));
      setHighlighted(marks.marked());
      later(() => {
        marks.end(change);
        setHighlighted(marks.marked());
      }, HIGHLIGHT_MS);
    }, 0);
  }, [data, later, marks]);
  return highlighted;
}

/**
 * The names the map shows for the resources of these events, found in one walk over the estate (one
 * walk for each event took 10-15 ms at XL). A peer is looked for on the interface its event names as
 * its parent, so the walk looks at every interface but at the peers of those alone.
 */
function namesIn(topology: DxTopology, events: readonly DxEvent[]): Map<string, string | null> {
  const wanted = new Set<string>();
  for (const e of events) {
    wanted.add(e.resourceId);
    if (e.parentId) wanted.add(e.parentId);
  }
  const names = new Map<string, string | null>();
  const found = (id: string, name: string | null) => {
    if (!names.has(id)) names.set(id, name);
  };
  for (const list of [topology.connections, topology.lags, topology.directConnectGateways])
    for (const r of list as readonly { id: string; name: string | null }[])
      if (wanted.has(r.id)) found(r.id, r.name || null);
  for (const v of topology.virtualInterfaces) {
    if (!wanted.has(v.id)) continue;
    found(v.id, v.name || null);
    for (const p of v.bgpPeers)
      if (wanted.has(p.id)) found(p.id, `${p.addressFamily} on ${v.name || v.id}`);
  }
  return names;
}

/**
 * The latest changes the store recorded, estate-wide, under when the estate was last read (kept off
 * the map, where it covered nodes). The same list for everyone, and still there after a reload.
 */
function RecentChanges({
  topology,
  onRefresh,
}: {
  topology: DxTopology;
  /** Reads the estate now, rather than at the next poll (15 s while nothing is moving). */
  onRefresh: () => Promise<unknown>;
}) {
  const { data: page, error } = useRecentEvents(topology.version ?? "");
  const lines = useMemo(
    () => {
      if (!page) return undefined;
      const names = namesIn(topology, page.events);
      return page.events.map((e) => ({
        id: e.id,
        time: e.time,
        text: eventLine(e, names.get(e.resourceId) ?? null),
      }));
    },
    // Names are looked up when the events change, not on every poll of an unchanged estate.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [page],
  );
  // Only a read asked for here says so: the polls' own reads do not make the button flicker.
  const [refreshing, setRefreshing] = useState(false);
  const refresh = () => {
    setRefreshing(true);
    void onRefresh().finally(() => setRefreshing(false));
  };
  return (
    <section
      aria-labelledby="recent-title"
      className="rounded-lg border border-border bg-surface p-3 text-sm"
      data-testid="recent-changes"
    >
      <div className="mb-2 flex items-baseline justify-between gap-2">
        <h2 id="recent-title" className="text-xs font-semibold">
          Recent changes
        </h2>
        <p className="flex items-baseline gap-2 text-xs text-muted">
          <span>
            Read at <time dateTime={topology.readAt}>{clockTime(topology.readAt)}</time> ·{" "}
            {topology.backend}
          </span>
          <button
            type="button"
            onClick={refresh}
            disabled={refreshing}
            className="rounded px-1 font-medium text-accent hover:underline focus-visible:outline-2 focus-visible:outline-accent disabled:text-muted disabled:no-underline"
          >
            {refreshing ? "Reading…" : "Refresh"}
          </button>
        </p>
      </div>
      {!lines ? (
        error ? (
          <p className="text-rose-700 dark:text-rose-300">
            The recorded changes could not be read: {error.message}
          </p>
        ) : (
          <p className="text-muted">Reading the recorded changes…</p>
        )
      ) : lines.length === 0 ? (
        <p className="text-muted">No change recorded yet.</p>
      ) : (
        <ul className="space-y-1" aria-live="polite">
          {lines.map((l) => (
            <li key={l.id}>
              <time dateTime={l.time} className="text-xs text-muted tabular-nums">
                {clockTime(l.time)}
              </time>{" "}
              {l.text}
            </li>
          ))}
        </ul>
      )}
      <Link
        href="/events"
        prefetch={false}
        className="mt-2 inline-block text-xs text-accent hover:underline focus-visible:outline-2 focus-visible:outline-accent"
      >
        All events
      </Link>
    </section>
  );
}

function StaleNotice({ readAt, message }: { readAt: string; message: string }) {
  return (
    <p
      role="status"
      className="border-b border-rose-300 bg-rose-50 px-4 py-2 text-sm text-rose-900 dark:border-rose-400/30 dark:bg-rose-400/10 dark:text-rose-200"
    >
      <strong>Stale:</strong> the last refresh failed ({message.replace(/[.\s]+$/, "")}). Showing
      what was read at {clockTime(readAt)}.
    </p>
  );
}

/** buildGraph, timed as a User Timing measure (see GRAPH_MEASURE). */
function timedBuildGraph(topology: DxTopology) {
  const start = performance.now();
  const graph = buildGraph(topology);
  performance.clearMeasures(GRAPH_MEASURE);
  performance.measure(GRAPH_MEASURE, { start, end: performance.now() });
  return graph;
}

const NO_GROUPS: GraphGroup[] = [];
const NO_GRAPH: GraphPart = { nodes: [], edges: [] };
const NO_STATES: string[] = [];
const NO_COUNTS: number[] = [];

/** In place of an empty map: why nothing is drawn, and the way back when a filter is the reason. */
function NothingShown({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <div className="pointer-events-none absolute inset-0 flex items-center justify-center p-4">
      <div
        role="status"
        data-testid="nothing-shown"
        className="pointer-events-auto max-w-sm rounded-lg border border-border bg-surface px-5 py-4 text-center shadow-sm"
      >
        <p className="font-medium">
          {filtered
            ? "Nothing matches these filters."
            : "No Direct Connect resources in the configured accounts and regions."}
        </p>
        {filtered ? (
          <button
            type="button"
            onClick={onClear}
            className="mt-3 rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white focus-visible:ring-2 focus-visible:ring-accent focus-visible:ring-offset-2 focus-visible:outline-none"
          >
            Clear filters
          </button>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The strip above the map: where the view is (the detailed map's current band) and the choice between
 * the overview and the detailed map. A strip of its own, not a panel over the map: it covers no node.
 */
function MapStrip({
  mode,
  onMode,
  singlePoints,
  onSinglePoints,
  children,
}: {
  mode: MapMode;
  onMode: (mode: MapMode) => void;
  /** Single points of failure outlined (on the detailed map). */
  singlePoints: boolean;
  onSinglePoints: (on: boolean) => void;
  children: ReactNode;
}) {
  const choice = (m: MapMode, label: string) => (
    <button
      type="button"
      aria-pressed={mode === m}
      onClick={() => onMode(m)}
      className={`rounded px-2 py-0.5 focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none ${
        mode === m ? "bg-accent text-white" : "text-foreground hover:bg-surface-muted"
      }`}
    >
      {label}
    </button>
  );
  return (
    <div className="flex h-7 shrink-0 items-center justify-between gap-3 border-b border-border bg-background px-3 text-sm">
      <span className="min-w-0 truncate">
        {mode === "overview" ? (
          <span className="text-muted">
            Regions, locations and connections, with what needs attention: open one to see what it
            holds
          </span>
        ) : (
          children
        )}
      </span>
      <span className="flex shrink-0 items-center gap-3 text-xs">
        <button
          type="button"
          aria-pressed={singlePoints && mode === "detail"}
          title="Outline every connection, interface and BGP session whose loss alone cuts a gateway off; hover or focus one to see why. Shown on the detailed map."
          onClick={() => onSinglePoints(!(singlePoints && mode === "detail"))}
          className={`rounded px-2 py-0.5 focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none ${
            singlePoints && mode === "detail"
              ? "bg-rose-700 text-white"
              : "text-foreground ring-1 ring-border hover:bg-surface-muted"
          }`}
        >
          Single points of failure
        </button>
        <span role="group" aria-label="Map view" className="flex items-center gap-0.5">
          {choice("overview", "Overview")}
          {choice("detail", "Detailed map")}
        </span>
      </span>
    </div>
  );
}

/** Interfaces from which a poll's redraw gives way to input: between the bench's M (1,000) and L (5,000). */
const INTERRUPTIBLE_REDRAW_FROM = 2_500;

export function TopologyView() {
  const { data: arrived, error, refetch } = useTopology();
  const queryClient = useQueryClient();
  // Refresh reads again what is on screen: the map (the server's collector reads AWS at once for it,
  // rather than answering from its snapshot) and, if a gateway's details are open, its lists.
  const refreshAll = useCallback(() => {
    readAtOnceNext();
    return queryClient.refetchQueries({ queryKey: dxKeys.all, type: "active" });
  }, [queryClient]);
  // In a large estate a poll's new data is drawn in a render React can interrupt, so that a click, a
  // key or a scroll that comes while the map redraws is answered first (a click waited for the
  // whole redraw). A smaller one is drawn at once: its redraw is short, and deferring it only made a
  // state change reach its badge later (docs/performance.md).
  const deferred = useDeferredValue(arrived);
  const data =
    arrived && arrived.virtualInterfaces.length >= INTERRUPTIBLE_REDRAW_FROM ? deferred : arrived;
  const [focus, setFocus] = useState<{ id: string; seq: number } | null>(null);
  // Back and Forward walk the selections: each brings its resource into view again.
  const [view, update] = useViewState(
    useCallback((v: { selected: string | null }) => {
      if (v.selected) setFocus((f) => ({ id: v.selected!, seq: (f?.seq ?? 0) + 1 }));
    }, []),
  );
  // A shared URL's selection is brought into view on the first draw.
  const [initialFocus] = useState(() => (view.selected ? { id: view.selected, seq: 0 } : null));
  // A link in the details, or what a form created: select it and bring it into view.
  const selectResource = useCallback(
    (id: string) => {
      update({ selected: id });
      setFocus((f) => ({ id, seq: (f?.seq ?? 0) + 1 }));
    },
    [update],
  );
  const highlighted = useChangedHighlight(data);
  // The resilience analyses wait for the map's first draw (in the browser: the server draws no map).
  const [firstDrawn] = useState(() =>
    typeof window === "undefined" ? undefined : holdAnalysesForFirstDraw(),
  );

  // The overview is the first view of a large estate (its detailed map is too tall to read whole),
  // unless a link names a resource: then the detailed map, as it was shared. Chosen once, from the
  // first read; after that the person's choice is in the URL.
  const [firstMode, setFirstMode] = useState<MapMode | null>(null);
  if (firstMode === null && data)
    setFirstMode(
      view.open.length > 0 ||
        (!view.selected && data.virtualInterfaces.length >= OVERVIEW_FIRST_FROM_INTERFACES)
        ? "overview"
        : "detail",
    );
  const mode: MapMode = view.mode || firstMode || "detail";

  const scoped = useMemo(
    () => (data ? scopeTopology(data, view.accounts, view.regions) : undefined),
    [data, view.accounts, view.regions],
  );
  const graph = useMemo(() => (scoped ? timedBuildGraph(scoped) : undefined), [scoped]);
  useEffect(
    () => (graph ? whenIdle(() => indexForPatches(graph), 5_000, 1_000) : undefined),
    [graph],
  );
  const visible = useMemo(
    () => (graph ? visibleIds(graph, { states: view.states, types: view.types }) : null),
    [graph, view.states, view.types],
  );
  // A state or type filter lays out what it shows on its own: what it hides takes no room.
  const shown = useMemo(
    () => (scoped && graph && visible ? layoutGraph(shownTopology(scoped, visible)) : graph),
    [scoped, graph, visible],
  );
  // Resilience on the map, made once the browser is idle after the states it is made from are drawn.
  const targets = useAnalysis(data);
  const marks = useMemo(
    () => (targets ? mapMarks(targets, view.spof) : undefined),
    [targets, view.spof],
  );
  // React Flow's nodes and edges are made for what the canvas hands it (at XL, a window of a few
  // hundred of 65,000 nodes), when the canvas asks.
  const [cache] = useState(() => new ElementCache());
  const toFlow = useCallback(
    (part: GraphPart) => ({
      nodes: cache.nodesFor(part.nodes, view.selected, highlighted, marks),
      edges: cache.edgesFor(part),
    }),
    [cache, view.selected, highlighted, marks],
  );
  // A URL that may open on the overview (no mode, or the overview's): its code loads with the first read.
  const [overviewFirst] = useState(() => view.mode !== "detail");
  useEffect(() => {
    if (overviewFirst) void loadOverview().catch(() => undefined);
  }, [overviewFirst]);
  const toggleOpen = useCallback(
    (key: string) =>
      update({
        // Said in the URL from now on: a reload or a shared link shows the overview as it is.
        mode: "overview",
        open: view.open.includes(key) ? view.open.filter((k) => k !== key) : [...view.open, key],
      }),
    [update, view.open],
  );
  const openToo = useCallback(
    (keys: string[]) => update({ mode: "overview", open: [...view.open, ...keys] }),
    [update, view.open],
  );
  const showDetail = useCallback(() => update({ mode: "detail" }), [update]);

  // Released once the map has drawn (the detailed map: once React Flow has taken over from its first
  // frame, whose code the analysis would otherwise delay), when the first read failed, or when the
  // map is left first.
  const drawn = shown !== undefined;
  const failedFirst = !data && error !== null;
  const detailed = mode === "detail";
  useEffect(() => {
    if ((drawn && !detailed) || failedFirst) firstDrawn?.();
  }, [drawn, detailed, failedFirst, firstDrawn]);
  const flowDrawn = useCallback(() => firstDrawn?.(), [firstDrawn]);
  useEffect(() => () => firstDrawn?.(), [firstDrawn]);
  const loaded = data !== undefined;
  useEffect(() => (loaded ? preloadLater() : undefined), [loaded]);
  // A shared link's selection: its details' code loads alongside the first read.
  useEffect(() => {
    if (initialFocus) void loadDetails().catch(() => undefined);
  }, [initialFocus]);

  // Nothing chosen, nothing to look for: at XL a look is a walk over 64,784 nodes, each render.
  const selectedNode = useMemo(
    () => (view.selected ? graph?.nodes.find((n) => n.id === view.selected) : undefined),
    [graph, view.selected],
  );
  // The side panel, folded away or not, is remembered. A node chosen while it is folded opens it on
  // its details, since they are shown nowhere else: a click on a node asks what it is. It folds
  // again when the details close, since the person chose the room. Folded over a node's details, it
  // stays folded until another node is chosen.
  const [folded, setFolded] = useStoredFlag(SIDE_PANEL_FOLDED);
  const [foldedOver, setFoldedOver] = useState<string | null>(null);
  if (foldedOver !== null && foldedOver !== view.selected) setFoldedOver(null);
  const detailsShown = selectedNode !== undefined && selectedNode.id !== foldedOver;
  const panelOpen = !folded || detailsShown;
  const togglePanel = () => {
    setFolded(panelOpen);
    setFoldedOver(panelOpen ? view.selected : null);
  };
  const onSelect = useCallback((id: string | null) => update({ selected: id }), [update]);
  // Closing the details (its Close button, or Escape on the map) hands focus back to the node.
  const closeDetails = useCallback(() => {
    const id = view.selected;
    update({ selected: null });
    // After the key's own handling: on Escape, React Flow blurs the focused node as it deselects it.
    if (id)
      setTimeout(() =>
        document
          .querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`)
          ?.focus(),
      );
  }, [update, view.selected]);
  // A node chosen with the keyboard (Enter on it) hands focus to its details, rather than leaving them
  // every later node's Tab away; Escape or Close hands it back.
  const keyboardChoice = useRef(false);
  useEffect(() => {
    // Only the key that chose the node counts: Enter on the node already chosen changes nothing, and
    // a later key elsewhere (Enter in the search box) or a click must not move focus.
    const onKey = (event: KeyboardEvent) => {
      keyboardChoice.current =
        (event.key === "Enter" || event.key === " ") &&
        event.target instanceof HTMLElement &&
        event.target.classList.contains("react-flow__node");
    };
    const onPointer = () => {
      keyboardChoice.current = false;
    };
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("pointerdown", onPointer, true);
    return () => {
      document.removeEventListener("keydown", onKey, true);
      document.removeEventListener("pointerdown", onPointer, true);
    };
  }, []);
  useEffect(() => {
    if (!keyboardChoice.current) return;
    keyboardChoice.current = false;
    return view.selected ? focusDetailsTitle() : undefined;
  }, [view.selected]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented || !view.selected) return;
      // Escape in a field or a dialog is theirs (a dialog closes first; the selection stays).
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (
        target?.closest("input, select, textarea, [role=dialog]") ||
        document.querySelector("[role=dialog]")
      )
        return;
      closeDetails();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [closeDetails, view.selected]);
  // The same search again goes on to the next match (VLAN 410 in two regions, say), then wraps. It
  // reads the map as last drawn, so that it stays the same function from poll to poll and the filter
  // bar is not rendered again for each.
  const searched = useRef({ graph, visible, selected: view.selected, q: view.q });
  useLayoutEffect(() => {
    searched.current = { graph, visible, selected: view.selected, q: view.q };
  });
  const onSearch = useCallback(
    (query: string): SearchResult => {
      const { graph, visible, selected, q } = searched.current;
      // Qualifiers (vlan:, conn:, region:…) as the table takes them: an unknown one is said at once.
      const parsed = parseQuery(query);
      if (!parsed.ok) return { error: parsed.error };
      const matches = graph
        ? findNodes(
            graph.nodes.filter((n) => visible === null || visible.has(n.id)),
            parsed.query,
          )
        : [];
      // Nothing shown: say so if the state or type filter hides matches, rather than "nothing matches".
      if (matches.length === 0) {
        const hidden = graph && visible !== null ? findNodes(graph.nodes, parsed.query).length : 0;
        return hidden > 0 ? { hidden } : null;
      }
      const at = matches.findIndex((n) => n.id === selected);
      const index = query === q && at >= 0 ? (at + 1) % matches.length : 0;
      const match = matches[index]!;
      update({ q: query, selected: match.id });
      setFocus((f) => ({ id: match.id, seq: (f?.seq ?? 0) + 1 }));
      return { index: index + 1, total: matches.length };
    },
    [update],
  );
  const accountAliases = data?.accounts;
  const accounts = useMemo(() => accountAliases?.map((a) => a.alias) ?? [], [accountAliases]);

  const [statesPresent] = useState(() => new StatesPresent());
  const allStates = useMemo(
    () => (graph ? statesPresent.of(graph.nodes) : NO_STATES),
    [statesPresent, graph],
  );
  const [attentionCounts] = useState(() => new AttentionCounts());
  const attention = useMemo(
    () => (graph ? attentionCounts.count(graph.nodes, view.types) : 0),
    [attentionCounts, graph, view.types],
  );
  const bandAttention = useMemo(
    () => (shown ? attentionCounts.byGroup(shown) : NO_COUNTS),
    [attentionCounts, shown],
  );

  const layoutKey = JSON.stringify([view.accounts, view.regions, view.states, view.types]);

  if (!data) {
    return (
      <main className="p-8">
        {error ? (
          <div
            role="alert"
            className="rounded-lg border border-rose-300 bg-rose-50 p-4 text-rose-900 dark:bg-rose-400/10 dark:text-rose-200"
          >
            <h1 className="font-semibold">The topology could not be loaded</h1>
            <p className="mt-1 text-sm">{error.message}</p>
            <button
              type="button"
              onClick={() => void refetch()}
              className="mt-3 rounded-md bg-rose-600 px-3 py-1.5 text-sm font-medium text-white focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:outline-none"
            >
              Try again
            </button>
          </div>
        ) : (
          <p role="status" className="text-muted">
            Loading the Direct Connect topology…
          </p>
        )}
      </main>
    );
  }

  return (
    <main className="flex h-[calc(100vh-3.5rem)] flex-col">
      <h1 className="sr-only">Direct Connect topology</h1>
      <Filters
        view={view}
        update={update}
        accounts={accounts}
        regions={data.regions}
        states={allStates}
        attention={attention}
        onSearch={onSearch}
        detailsShown={detailsShown}
      />
      {error ? <StaleNotice readAt={data.readAt} message={error.message} /> : null}
      {/* The provider holds the map and the sidebar: the overview's links move the map's view. */}
      <GraphProvider key={mode} graphWidth={shown?.width ?? 0} sidebarOpen={panelOpen}>
        <div className="flex min-h-0 flex-1">
          <div className="flex min-w-0 flex-1 flex-col">
            <MapStrip
              mode={mode}
              onMode={(m) => update({ mode: m })}
              singlePoints={view.spof}
              onSinglePoints={(on) => update({ spof: on, ...(on ? { mode: "detail" } : {}) })}
            >
              {mode === "detail" ? <CurrentBand groups={shown?.groups ?? NO_GROUPS} /> : null}
            </MapStrip>
            <div className="relative min-h-0 flex-1" data-testid="graph">
              {data.errors.length > 0 ? (
                // Over the map's top, not above it: a notice that comes and goes with each poll (under
                // throttling, say) never moves the map.
                <div
                  className="absolute top-2 left-1/2 z-10 w-[min(42rem,calc(100%-6rem))] -translate-x-1/2 shadow-lg"
                  data-testid="partial-failure"
                >
                  <ReadErrorsNotice errors={data.errors} compact />
                </div>
              ) : null}
              {mode === "overview" && shown ? (
                <OverviewMap
                  graph={shown}
                  regions={data.regions}
                  locations={data.locations}
                  open={view.open}
                  onOpen={openToo}
                  onDetail={showDetail}
                  layoutKey={layoutKey}
                  selected={view.selected}
                  onSelect={onSelect}
                  onToggle={toggleOpen}
                  focus={focus ?? initialFocus}
                  highlighted={highlighted}
                />
              ) : (
                <GraphCanvas
                  graph={shown ?? NO_GRAPH}
                  toFlow={toFlow}
                  groups={shown?.groups ?? NO_GROUPS}
                  graphWidth={shown?.width ?? 0}
                  layoutKey={layoutKey}
                  selected={view.selected}
                  onSelect={onSelect}
                  focus={focus ?? initialFocus}
                  onZoomedOut={() => update({ mode: "overview" })}
                  onFlowDrawn={flowDrawn}
                />
              )}
              {shown?.nodes.length === 0 ? (
                <NothingShown filtered={isFiltered(view)} onClear={() => update(NO_FILTERS)} />
              ) : null}
            </div>
          </div>
          <Sidebar open={panelOpen} onToggle={togglePanel}>
            {selectedNode && data ? (
              <SelectResourceContext value={selectResource}>
                <DetailsPanel node={selectedNode} topology={data} onClose={closeDetails} />
              </SelectResourceContext>
            ) : view.selected ? (
              <>
                <MissingSelection
                  id={view.selected}
                  hiddenByFilters={holdsResource(data, view.selected)}
                  onClearFilters={() => update(NO_FILTERS)}
                  onDismiss={() => update({ selected: null })}
                />
                {holdsResource(data, view.selected) ? null : (
                  // Gone from AWS, perhaps, but not from the store: what happened to it.
                  <SelectResourceContext value={selectResource}>
                    <HistorySection
                      subject={goneSubject(view.selected)}
                      className="rounded-lg border border-border bg-surface p-3"
                    />
                  </SelectResourceContext>
                )}
              </>
            ) : null}
            <RecentChanges topology={data} onRefresh={refreshAll} />
            {mode === "detail" ? (
              <MapOverview groups={shown?.groups ?? NO_GROUPS} attention={bandAttention} />
            ) : null}
            <Legend />
          </Sidebar>
        </div>
      </GraphProvider>
    </main>
  );
}
