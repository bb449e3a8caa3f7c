// A resource's history as spans of time: which state (or BGP status) it was in, from when to when,
// its uptime over the usual windows and how often its BGP session changed. Built in the browser
// from the events the store returns (GET /api/events) and what the map reads now. Pure.
//
// What an event says, and so what a span is: the collector records a change when it sees one, so a
// value holds from its event until the next event of the same field. Before the first event the
// value was the first event's `from`, since before anything the store holds (an unknown start);
// a resource with no event at all has held its current value for as long as the store has watched.
// An unknown start is taken to reach back past every window: the collector records every change it
// sees, so no change recorded means none happened while it watched. When the store's answer was cut
// short (more events than one page holds), nothing is known before its oldest event, and the span
// before it counts for nothing.

import type { DxAuditEntry, DxEvent, EventField } from "@/lib/dx/history";
import { BGP_STATUS } from "@/lib/dx/states";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The windows uptime is given over. */
export const UPTIME_WINDOWS = [
  { key: "24h", label: "24 h", ms: DAY_MS },
  { key: "7d", label: "7 d", ms: 7 * DAY_MS },
  { key: "30d", label: "30 d", ms: 30 * DAY_MS },
] as const;
export type UptimeWindow = (typeof UPTIME_WINDOWS)[number]["key"];

export interface Span {
  /** The value held; null while the resource did not exist (before it appeared, after it went). */
  value: string | null;
  /** Epoch ms; null when it started before anything the store holds. */
  start: number | null;
  /** Epoch ms; null while it still holds. */
  end: number | null;
  /** end (or now) − start; null with an unknown start. */
  durationMs: number | null;
}

export interface TimelineInput {
  /** The resource's events, in any order; others' (a peer's, for an interface) are ignored. */
  events: readonly DxEvent[];
  resourceId: string;
  now: number;
  /** What the map reads now, per field: the value of a field with no event. */
  current?: Partial<Record<EventField, string | null>>;
  /** The store had more events than it returned: nothing is known before the oldest one. */
  truncated?: boolean;
}

export interface Timeline {
  /** The resource's states, oldest first. */
  states: Span[];
  /** A BGP peer's session statuses, oldest first (empty for other resources). */
  bgp: Span[];
  /** Fraction of the observed time in each window the session was up; null where nothing was observed. */
  uptime: Record<UptimeWindow, number | null>;
  /** Changes of BGP status (up ↔ down, …) in the last 24 h. */
  flaps24h: number;
}

const timeOf = (e: DxEvent) => Date.parse(e.time);

/** Oldest first; events observed in one collection keep the store's order (ids grow with time). */
function chronological(events: readonly DxEvent[]): DxEvent[] {
  return [...events].sort(
    (a, b) => timeOf(a) - timeOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * The spans of one field of one resource, oldest first. With no event: the current value since an
 * unknown start (none when there is no current value either).
 */
export function spansOf(
  events: readonly DxEvent[],
  resourceId: string,
  field: EventField,
  now: number,
  current?: string | null,
  truncated = false,
): Span[] {
  const mine = chronological(
    events.filter((e) => e.resourceId === resourceId && e.field === field),
  );
  const first = mine[0];
  if (!first) {
    if (current === undefined || current === null) return [];
    return [{ value: current, start: null, end: null, durationMs: null }];
  }
  const spans: Span[] = [];
  // What held before the first event: nothing when the event says it appeared; unknowable when the
  // answer was cut short.
  if (first.from !== null && !truncated)
    spans.push({ value: first.from, start: null, end: timeOf(first), durationMs: null });
  mine.forEach((e, i) => {
    const start = timeOf(e);
    const next = mine[i + 1];
    const end = next ? timeOf(next) : null;
    spans.push({ value: e.to, start, end, durationMs: (end ?? now) - start });
  });
  return spans;
}

/**
 * The fraction of the window [now − windowMs, now] in which the value was `up`, of the time it was
 * observed with any value. Null when no time in the window was observed (the resource did not exist,
 * or the store knows nothing of it then).
 */
export function uptime(spans: readonly Span[], now: number, windowMs: number): number | null {
  const from = now - windowMs;
  let observed = 0;
  let up = 0;
  for (const s of spans) {
    if (s.value === null) continue;
    const start = Math.max(s.start ?? -Infinity, from);
    const end = Math.min(s.end ?? now, now);
    if (end <= start) continue;
    observed += end - start;
    if (s.value === BGP_STATUS.up) up += end - start;
  }
  return observed > 0 ? up / observed : null;
}

/**
 * Changes of BGP status in the window: from one status to another, not a session appearing (from
 * null) or going with its peer (to null).
 */
export function flapCount(
  events: readonly DxEvent[],
  resourceId: string,
  now: number,
  windowMs = DAY_MS,
): number {
  const from = now - windowMs;
  return events.filter(
    (e) =>
      e.resourceId === resourceId &&
      e.field === "bgpStatus" &&
      e.from !== null &&
      e.to !== null &&
      e.from !== e.to &&
      timeOf(e) >= from &&
      timeOf(e) <= now,
  ).length;
}

/** A resource's timeline: its states, its BGP session's spans, uptime and flaps. */
export function timeline({
  events,
  resourceId,
  now,
  current = {},
  truncated = false,
}: TimelineInput): Timeline {
  const bgp = spansOf(events, resourceId, "bgpStatus", now, current.bgpStatus, truncated);
  return {
    states: spansOf(events, resourceId, "state", now, current.state, truncated),
    bgp,
    uptime: {
      "24h": uptime(bgp, now, DAY_MS),
      "7d": uptime(bgp, now, 7 * DAY_MS),
      "30d": uptime(bgp, now, 30 * DAY_MS),
    },
    flaps24h: flapCount(events, resourceId, now),
  };
}

/** One line of a history: an observed change or a change a person asked for. */
export type HistoryItem =
  | { kind: "event"; time: number; event: DxEvent }
  | { kind: "audit"; time: number; entry: DxAuditEntry };

/**
 * Events and audit entries in one list, newest first, so that what someone did sits beside what the
 * collector then saw. At the same instant the person's change comes after (below) what it caused, as
 * the cause reads before its effect from the bottom up. An unreadable time sorts last.
 */
export function mergeHistory(
  events: readonly DxEvent[],
  audits: readonly DxAuditEntry[],
): HistoryItem[] {
  const time = (t: string) => {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? -Infinity : ms;
  };
  const items: HistoryItem[] = [
    ...events.map((event) => ({ kind: "event" as const, time: time(event.time), event })),
    ...audits.map((entry) => ({ kind: "audit" as const, time: time(entry.time), entry })),
  ];
  return items.sort(
    (a, b) =>
      b.time - a.time ||
      (a.kind === b.kind
        ? a.kind === "event" && b.kind === "event"
          ? a.event.id < b.event.id
            ? 1
            : a.event.id > b.event.id
              ? -1
              : 0
          : 0
        : a.kind === "event"
          ? -1
          : 1),
  );
}
