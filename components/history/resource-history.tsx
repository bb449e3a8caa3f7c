"use client";

import Link from "next/link";
import { useMemo, useState } from "react";

import type { DxAuditEntry, DxEvent } from "@/lib/dx/history";
import { count, dateTime, durationText, eventTime, percentText } from "@/lib/dx/format";
import { auditOutcome, auditTargets, describeEvent } from "@/lib/history/describe";
import type { HistorySubject } from "@/lib/history/subject";
import {
  mergeHistory,
  timeline,
  UPTIME_WINDOWS,
  type HistoryItem,
  type Span,
  type Timeline,
} from "@/lib/history/timeline";

import { StateBadge } from "../state-badge";
import { ResourceLink } from "../selection";
import { useAuditEntries, useNow, useResourceEvents } from "./use-history";

// A resource's History in its details (loaded when the person opens it, not with the map): how long
// each state lasted, newest first; a BGP peer's sessions up and down with its uptime and flaps; an
// interface's peers likewise; and every observed change in line with the changes people asked for
// (the audit log), so that "who deleted this?" is answered beside "when did it go?".

const SPANS_SHOWN = 8;
/** Uptime from which a shortfall is amber (a blip), below which it is red (an outage). */
const UPTIME_WARN_FROM = 0.99;
const ITEMS_SHOWN = 30;

/** "available · 3 h 12 min", with when it started; the newest first. */
function Spans({
  spans,
  label,
  testId,
  now,
}: {
  spans: readonly Span[];
  label: string;
  testId: string;
  now: number;
}) {
  const [all, setAll] = useState(false);
  const newest = [...spans].reverse();
  const shown = all ? newest : newest.slice(0, SPANS_SHOWN);
  if (newest.length === 0) return <p className="text-muted">Nothing recorded.</p>;
  return (
    <>
      <ol className="space-y-0.5" aria-label={label} data-testid={testId}>
        {shown.map((s, i) => (
          <li
            key={`${s.start ?? "before"}-${i}`}
            data-value={s.value ?? "gone"}
            className="flex flex-wrap items-baseline gap-x-1.5"
          >
            {s.value === null ? (
              <StateBadge state="gone" tone="ended" label={label} />
            ) : (
              <StateBadge state={s.value} label={label} />
            )}
            <span className="tabular-nums">
              {s.durationMs === null
                ? "since before the first record"
                : `· ${durationText(s.durationMs)}${s.end === null ? " so far" : ""}`}
            </span>
            {s.start !== null ? (
              <span className="text-xs text-muted tabular-nums">
                {s.end === null ? "since" : "from"} {eventTime(s.start, now)}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      {newest.length > SPANS_SHOWN ? (
        <button
          type="button"
          onClick={() => setAll(!all)}
          className="mt-1 text-xs text-accent hover:underline focus-visible:outline-2 focus-visible:outline-accent"
        >
          {all ? "Fewer" : `All ${newest.length}`}
        </button>
      ) : null}
    </>
  );
}

/** Uptime over 24 h, 7 d and 30 d, and the flaps of 24 h: figures, each with its words. */
function SessionFigures({ t, testId }: { t: Timeline; testId: string }) {
  return (
    <dl
      className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs tabular-nums"
      data-testid={testId}
      aria-label="Session uptime and flaps"
    >
      {UPTIME_WINDOWS.map((w) => {
        const value = t.uptime[w.key];
        return (
          <div key={w.key} className="flex gap-1" data-testid={`uptime-${w.key}`}>
            <dt className="text-muted">Uptime {w.label}</dt>
            <dd
              className={
                value === null || value === 1
                  ? ""
                  : value >= UPTIME_WARN_FROM
                    ? "font-semibold text-amber-800 dark:text-amber-300"
                    : "font-semibold text-rose-700 dark:text-rose-300"
              }
            >
              {value === null ? "—" : percentText(value)}
            </dd>
          </div>
        );
      })}
      <div className="flex gap-1" data-testid="flaps-24h">
        <dt className="text-muted">Flaps 24 h</dt>
        <dd className={t.flaps24h > 0 ? "font-semibold text-amber-800 dark:text-amber-300" : ""}>
          {t.flaps24h}
        </dd>
      </div>
    </dl>
  );
}

function EventRow({
  event,
  subjectId,
  names,
  now,
}: {
  event: DxEvent;
  subjectId: string;
  names: Record<string, string>;
  now: number;
}) {
  const text = describeEvent(event);
  const other = event.resourceId !== subjectId;
  return (
    <li className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5" data-testid="history-event">
      <time dateTime={event.time} className="text-xs text-muted tabular-nums">
        {eventTime(event.time, now)}
      </time>
      {other ? (
        <ResourceLink id={event.resourceId}>
          <span className="text-xs">{names[event.resourceId] ?? event.resourceId}</span>
        </ResourceLink>
      ) : null}
      <span>{text.what}</span>
      {text.badges ? (
        <span className="inline-flex items-center gap-1">
          {text.from !== null ? <StateBadge state={text.from} label="Before" /> : null}
          {text.from !== null && text.to !== null ? <span aria-hidden="true">→</span> : null}
          {text.to !== null ? <StateBadge state={text.to} label="After" /> : null}
        </span>
      ) : null}
    </li>
  );
}

function AuditRow({
  entry,
  names,
  now,
}: {
  entry: DxAuditEntry;
  names: Record<string, string>;
  now: number;
}) {
  const outcome = auditOutcome(entry);
  return (
    <li
      className="rounded-md border-l-2 border-accent bg-surface-muted px-2 py-1"
      data-testid="history-audit"
    >
      <span className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5">
        <time dateTime={entry.time} className="text-xs text-muted tabular-nums">
          {eventTime(entry.time, now)}
        </time>
        <span className="font-medium">{entry.user}</span>
        <span className="font-mono text-xs">{entry.operation}</span>
        <StateBadge
          state={outcome}
          label="Outcome"
          tone={
            entry.outcome === "success"
              ? "success"
              : entry.outcome === "failure"
                ? "danger"
                : "attention"
          }
        />
      </span>
      <span className="block text-xs text-muted">
        On {names[entry.targetId] ?? entry.targetId} · {entry.account} {entry.region}
        {entry.awsRequestId ? ` · AWS request ${entry.awsRequestId}` : ""}
      </span>
    </li>
  );
}

function Changes({
  items,
  subjectId,
  names,
  now,
}: {
  items: HistoryItem[];
  subjectId: string;
  names: Record<string, string>;
  now: number;
}) {
  if (items.length === 0)
    return <p className="text-muted">No change recorded in the last 30 days.</p>;
  return (
    <>
      <ol className="space-y-1" aria-label="Changes, newest first" data-testid="history-changes">
        {items
          .slice(0, ITEMS_SHOWN)
          .map((item) =>
            item.kind === "event" ? (
              <EventRow
                key={`e-${item.event.id}`}
                event={item.event}
                subjectId={subjectId}
                names={names}
                now={now}
              />
            ) : (
              <AuditRow
                key={`a-${item.entry.requestId}`}
                entry={item.entry}
                names={names}
                now={now}
              />
            ),
          )}
      </ol>
      {items.length > ITEMS_SHOWN ? (
        <p className="mt-1 text-xs text-muted">
          The newest {ITEMS_SHOWN} of {count(items.length)}:{" "}
          <Link
            href={`/events?resource=${encodeURIComponent(subjectId)}`}
            prefetch={false}
            className="text-accent hover:underline"
          >
            all on the Events page
          </Link>
        </p>
      ) : null}
    </>
  );
}

const heading = "mt-3 mb-1 text-xs font-semibold text-muted";

export function ResourceHistory({ subject }: { subject: HistorySubject }) {
  const ids = useMemo(
    () => [subject.id, ...(subject.alsoIds ?? [])],
    [subject.id, subject.alsoIds],
  );
  const events = useResourceEvents(ids, subject.id);
  const list = events.data?.events;
  // Cheap beside a read (one answer of at most a page), and the subject is new with each render of
  // the details: worked out on each render, not memoised.
  const targets = auditTargets(subject.id, list ?? [], subject.auditRelated);
  const audit = useAuditEntries(targets, list !== undefined);
  // Durations run to the time the store was asked, or later as the clock moves on.
  const ticking = useNow(15_000);
  const now = Math.max(ticking, events.data?.askedAt ?? 0);
  const truncated = events.data?.nextCursor != null;

  // An associated gateway's own events are its associations': one timeline of them all.
  const own = list
    ? timeline({
        events: list
          .filter((e) => ids.includes(e.resourceId))
          .map((e) => ({ ...e, resourceId: subject.id })),
        resourceId: subject.id,
        now,
        current: subject.current,
        truncated,
      })
    : null;
  const children = list
    ? subject.children.map((c) => ({
        ...c,
        t: timeline({ events: list, resourceId: c.id, now, current: c.current, truncated }),
      }))
    : [];
  const items = useMemo(
    () => mergeHistory(list ?? [], audit.data?.entries ?? []),
    [list, audit.data],
  );

  if (!list || !own) {
    return events.error ? (
      <p className="text-rose-700 dark:text-rose-300" role="alert">
        Could not read the history: {events.error.message}
      </p>
    ) : (
      <p className="text-muted" role="status">
        Reading the history…
      </p>
    );
  }
  return (
    <div data-testid="history" className="text-sm">
      {events.error ? (
        <p className="mb-1 text-amber-800 dark:text-amber-300">
          Could not read it again ({events.error.message.replace(/[.\s]+$/, "")}): showing what was
          read at {dateTime(events.data!.askedAt)}.
        </p>
      ) : null}
      {truncated ? (
        <p className="mb-1 text-xs text-muted">
          More changes than one answer holds: the newest {count(list.length)} are shown, and nothing
          before the oldest of them is counted.
        </p>
      ) : null}
      {subject.session ? (
        <>
          <h4 className={heading}>BGP session</h4>
          <SessionFigures t={own} testId="session-figures" />
          <div className="mt-1">
            <Spans spans={own.bgp} label="BGP" testId="bgp-spans" now={now} />
          </div>
        </>
      ) : null}
      {children.length > 0 ? (
        <>
          <h4 className={heading}>BGP sessions</h4>
          <ul className="space-y-1.5">
            {children.map((c) => (
              <li key={c.id} data-testid={`child-history-${c.id}`}>
                <ResourceLink id={c.id}>
                  <span className="text-xs">{c.label}</span>
                </ResourceLink>
                <SessionFigures t={c.t} testId={`session-figures-${c.id}`} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h4 className={heading}>{subject.session ? "Peer state" : "State"}</h4>
      <Spans spans={own.states} label="State" testId="state-spans" now={now} />
      <h4 className={heading}>Changes</h4>
      {audit.error ? (
        <p className="mb-1 text-xs text-amber-800 dark:text-amber-300">
          The changes people made could not be read: {audit.error.message}
        </p>
      ) : null}
      <Changes items={items} subjectId={subject.id} names={subject.names} now={now} />
    </div>
  );
}
