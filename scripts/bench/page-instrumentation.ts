// What the bench runs inside the page (added before any of the page's own scripts) and reads back:
// long tasks, the first painted graph node, the map's graph builds, frame times, a BGP badge's change,
// the time from a click to the details panel and from a search's Enter to its match drawn in view.
import type { Page } from "@playwright/test";

export interface BenchState {
  longtasks: { start: number; duration: number }[];
  nodeSeen: number | null;
  painted: number | null;
  /** When React Flow's first node was painted (after the first frame's, or the same). */
  flowPainted: number | null;
  /** Durations of the map's graph builds (GRAPH_MEASURE), in order. */
  graphBuilds: number[];
  frames: number[] | null;
  startFrames(): void;
  stopFrames(): number[];
  watchBadge(id: string): void;
  badge: {
    before: string;
    changed: number | null;
    after: string | null;
    mutatedNodes: string[];
  } | null;
  positions(): Record<string, string>;
  expectClick(id: string): void;
  click: { id: string; t0: number | null; t1: number | null } | null;
  /** Times the next Enter to the frame that shows the node `id` whole in the map's pane. */
  expectSearch(id: string): void;
  search: { id: string; t0: number | null; t1: number | null } | null;
}

/** Runs in the page before any of its scripts: long tasks, the first painted node, graph builds, frames, clicks. */
export function pageInstrumentation(graphMeasure: string) {
  const w = window as unknown as { __bench: BenchState };
  const b: BenchState = {
    longtasks: [],
    nodeSeen: null,
    painted: null,
    flowPainted: null,
    graphBuilds: [],
    frames: null,
    badge: null,
    search: null,
    click: null,
    startFrames() {
      const frames: number[] = [];
      b.frames = frames;
      let last = -1;
      const tick = (t: number) => {
        if (b.frames !== frames) return;
        if (last >= 0) frames.push(t - last);
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    stopFrames() {
      const frames = b.frames ?? [];
      b.frames = null;
      return frames;
    },
    positions() {
      const out: Record<string, string> = {};
      document.querySelectorAll<HTMLElement>(".react-flow__node").forEach((el) => {
        out[el.dataset.id ?? ""] = el.style.transform;
      });
      return out;
    },
    watchBadge(id) {
      const find = () =>
        document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
      const before = find()?.textContent ?? "";
      const state: NonNullable<BenchState["badge"]> = {
        before,
        changed: null,
        after: null,
        mutatedNodes: [],
      };
      b.badge = state;
      const mutated = new Set<string>();
      const container = document.querySelector(".react-flow__nodes") ?? document.body;
      const mo = new MutationObserver((records) => {
        for (const r of records) {
          const el = (
            r.target instanceof Element ? r.target : r.target.parentElement
          )?.closest<HTMLElement>(".react-flow__node");
          if (el?.dataset.id) mutated.add(el.dataset.id);
        }
        state.mutatedNodes = [...mutated];
        if (state.changed === null) {
          const text = find()?.textContent ?? "";
          if (text !== before) {
            state.changed = performance.now();
            state.after = text;
            setTimeout(() => mo.disconnect(), 1_000);
          }
        }
      });
      mo.observe(container, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: ["class"],
      });
    },
    expectClick(id) {
      const click: NonNullable<BenchState["click"]> = { id, t0: null, t1: null };
      b.click = click;
      const check = () => {
        const panel = document.querySelector('[data-testid="details-panel"]');
        if (click.t0 !== null && panel?.textContent?.includes(id)) {
          click.t1 = performance.now();
          mo.disconnect();
        }
      };
      const mo = new MutationObserver(check);
      mo.observe(document.body, { subtree: true, childList: true, characterData: true });
    },
    expectSearch(id) {
      const search: NonNullable<BenchState["search"]> = { id, t0: null, t1: null };
      b.search = search;
      const pane = document.querySelector('[data-testid="graph"]');
      const shown = painting(
        () => {
          const node = document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
          if (!node || !pane || search.t0 === null) return null;
          const n = node.getBoundingClientRect();
          const p = pane.getBoundingClientRect();
          const inView =
            n.left >= p.left && n.right <= p.right && n.top >= p.top && n.bottom <= p.bottom;
          return inView ? node : null;
        },
        (t) => (search.t1 = t),
      );
      // The view's moves change the viewport's style; a window's nodes come as children.
      const mo = new MutationObserver(() => {
        if (shown()) mo.disconnect();
      });
      mo.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["style"],
      });
    },
  };
  w.__bench = b;
  addEventListener(
    "pointerdown",
    (e) => {
      // The event's own time stamp: when the input happened, before any wait for a busy main thread.
      if (b.click && b.click.t0 === null) b.click.t0 = e.timeStamp;
    },
    true,
  );
  addEventListener(
    "keydown",
    (e) => {
      if (e.key === "Enter" && b.search && b.search.t0 === null) b.search.t0 = e.timeStamp;
    },
    true,
  );
  performance.setResourceTimingBufferSize(100_000);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        b.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {
    // no long task timing: the figure stays empty
  }
  new PerformanceObserver((list) => {
    for (const e of list.getEntriesByName(graphMeasure)) b.graphBuilds.push(e.duration);
  }).observe({ type: "measure", buffered: true });
  /** When the frame showing what `find` finds (visible) has been rendered, to `done`. */
  const painting = (find: () => Element | null, done: (t: number) => void) => {
    let seen = false;
    return () => {
      if (seen) return true;
      const node = find();
      // Rendered: not hidden, and not inside anything undisplayed (such as HTML streamed in ahead of
      // the place it goes to, which waits in a hidden element).
      if (!node || !node.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true }))
        return false;
      seen = true;
      // After the frame that shows it has been rendered: the next task after requestAnimationFrame.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => done(performance.now());
        channel.port2.postMessage(null);
      });
      return true;
    };
  };
  // The map's first node: the first frame's (drawn before React Flow's code has loaded) or React
  // Flow's; then React Flow's with the first frame gone from over it (its controls, minimap, keyboard).
  const first = painting(
    () => document.querySelector(".react-flow__node, .dx-first-node"),
    (t) => (b.painted = t),
  );
  const flow = painting(
    () =>
      document.querySelector('[data-testid="first-frame"]')
        ? null
        : document.querySelector(".react-flow__node"),
    (t) => (b.flowPainted = t),
  );
  const seen = () => {
    if (!first()) return;
    b.nodeSeen ??= performance.now();
    if (flow()) mo.disconnect();
  };
  const mo = new MutationObserver(seen);
  mo.observe(document, { childList: true, subtree: true });
}

/** Runs `fn` in the page on its instrumentation's state. */
export const bench = <T>(page: Page, fn: (b: BenchState) => T) =>
  page.evaluate(`(${fn.toString()})(window.__bench)`) as Promise<Awaited<T>>;
