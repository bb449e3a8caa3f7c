"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useMemo, useRef } from "react";

import { count, eventTime } from "@/lib/dx/format";
import type { DxEvent, DxEventsPage } from "@/lib/dx/history";
import { dxKeys } from "@/lib/dx/query-keys";
import { describeEvent, RESOURCE_TYPE_LABEL } from "@/lib/history/describe";
import { eventsQuery, type EventsFilter } from "@/lib/history/events-filter";

import { buttonClass } from "../actions/styles";
import { fetchJson } from "../fetch-json";
import { LoadError } from "../load-error";
import { OnMap } from "../on-map-link";
import { StateBadge } from "../state-badge";

// The estate's events, newest first, a page at a time from the store (GET /api/events with the
// previous page's cursor): the next older page is asked for as the list nears its end, or with "Load
// older". Only the rows in view (and a few either side) are in the DOM, as in the table, so a feed
// scrolled through many pages costs what a short one does. The first page is read again now and then
// (the collector records every 15 s); once older pages are loaded the feed holds still, since reading
// it again would read every page again.

const PAGE = 100;
const ROW_HEIGHT = 36;
const OVERSCAN = 12;
/** Rows from the end at which the next page is asked for. */
const PREFETCH_ROWS = 30;
const FIRST_PAGE_POLL_MS = 10_000;

const COLUMNS = [
  { key: "time", label: "Time", width: 120 },
  { key: "scope", label: "Account · region", width: 170 },
  { key: "type", label: "Type", width: 150 },
  { key: "resource", label: "Resource", width: 320 },
  { key: "change", label: "Change", width: 360 },
] as const;
const WIDTH = COLUMNS.reduce((w, c) => w + c.width, 0);

const cell = "flex shrink-0 items-center gap-1.5 truncate px-2";

function Change({ event }: { event: DxEvent }) {
  const text = describeEvent(event);
  return (
    <>
      <span className="truncate">{text.what}</span>
      {text.badges ? (
        <>
          {text.from !== null ? <StateBadge state={text.from} label="Before" /> : null}
          {text.from !== null && text.to !== null ? <span aria-hidden="true">→</span> : null}
          {text.to !== null ? <StateBadge state={text.to} label="After" /> : null}
        </>
      ) : null}
    </>
  );
}

const Row = memo(function Row({
  event,
  index,
  start,
  now,
}: {
  event: DxEvent;
  index: number;
  start: number;
  now: number;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-testid="event-row"
      data-id={event.id}
      className="absolute top-0 left-0 flex w-full border-b border-border bg-background text-sm hover:bg-surface-muted"
      style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)`, contain: "strict" }}
    >
      <span role="cell" className={`${cell} tabular-nums`} style={{ width: COLUMNS[0].width }}>
        <time dateTime={event.time}>{eventTime(event.time, now)}</time>
      </span>
      <span role="cell" className={cell} style={{ width: COLUMNS[1].width }}>
        {event.account} · {event.region}
      </span>
      <span role="cell" className={cell} style={{ width: COLUMNS[2].width }}>
        {RESOURCE_TYPE_LABEL[event.resourceType] ?? event.resourceType}
      </span>
      <span role="cell" className={cell} style={{ width: COLUMNS[3].width }}>
        <OnMap id={event.resourceId} className="font-mono text-xs text-accent">
          {event.resourceId}
        </OnMap>
        {event.parentId ? (
          <span className="truncate text-xs text-muted">
            on{" "}
            <OnMap id={event.parentId} className="font-mono">
              {event.parentId}
            </OnMap>
          </span>
        ) : null}
      </span>
      <span role="cell" className={cell} style={{ width: COLUMNS[4].width }}>
        <Change event={event} />
      </span>
    </div>
  );
});

export function EventsFeed({
  filter,
  enabled,
}: {
  filter: Omit<EventsFilter, "min">;
  /** False while the filters say nothing could match (a range that ends before it starts). */
  enabled: boolean;
}) {
  const query = eventsQuery(filter).toString();
  const feed = useInfiniteQuery({
    queryKey: dxKeys.eventsFeed(query),
    queryFn: ({ pageParam, signal }) =>
      fetchJson<DxEventsPage>(
        `/api/events?${eventsQuery(filter, { limit: PAGE, cursor: pageParam })}`,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
    refetchInterval: (q) => ((q.state.data?.pages.length ?? 0) <= 1 ? FIRST_PAGE_POLL_MS : false),
  });
  const rows = useMemo(() => feed.data?.pages.flatMap((p) => p.events) ?? [], [feed.data]);
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = feed;
  const now = feed.dataUpdatedAt;

  const scrollRef = useRef<HTMLDivElement>(null);
  // The React Compiler is not used (next.config.mjs): the virtualizer re-renders this component as it scrolls.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (index) => rows[index]!.id,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    // After a failed page, only "Load older" asks again: scrolling must not retry in a loop.
    if (
      hasNextPage &&
      !isFetchingNextPage &&
      !isFetchNextPageError &&
      lastShown >= rows.length - PREFETCH_ROWS
    )
      void fetchNextPage();
  }, [
    hasNextPage,
    isFetchingNextPage,
    isFetchNextPageError,
    lastShown,
    rows.length,
    fetchNextPage,
  ]);

  if (!enabled) return null;
  if (!feed.data)
    return feed.error ? (
      <LoadError
        what="The events"
        message={feed.error.message}
        retrying={feed.isFetching}
        onRetry={() => void feed.refetch()}
        className="m-4"
      />
    ) : (
      <p role="status" className="p-8 text-muted">
        Reading the events…
      </p>
    );

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div
        ref={scrollRef}
        data-testid="events-scroll"
        className="relative min-h-0 flex-1 overflow-auto"
      >
        <div
          role="table"
          aria-label={`Events, newest first: ${count(rows.length)} loaded`}
          aria-rowcount={hasNextPage ? -1 : rows.length + 1}
          style={{ width: WIDTH, minWidth: "100%" }}
        >
          <div role="rowgroup" className="sticky top-0 z-10 border-b border-border bg-surface">
            <div role="row" aria-rowindex={1} className="flex w-full text-xs font-semibold">
              {COLUMNS.map((c) => (
                <span
                  key={c.key}
                  role="columnheader"
                  className="shrink-0 px-2 py-2 text-left"
                  style={{ width: c.width }}
                >
                  {c.label}
                </span>
              ))}
            </div>
          </div>
          <div role="rowgroup" className="relative" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => (
              <Row
                key={item.key}
                event={rows[item.index]!}
                index={item.index}
                start={item.start}
                now={now}
              />
            ))}
          </div>
        </div>
        {rows.length === 0 ? (
          <p className="p-8 text-center text-muted">No events match these filters.</p>
        ) : null}
      </div>
      <div className="flex items-center gap-3 border-t border-border bg-surface px-4 py-2 text-sm">
        <p role="status" data-testid="events-count" className="text-muted">
          {count(rows.length)} {rows.length === 1 ? "event" : "events"}
          {hasNextPage ? " loaded, newest first" : rows.length > 0 ? ", all of them" : ""}
        </p>
        {feed.error ? (
          <p className="text-rose-700 dark:text-rose-300">
            Could not read more: {feed.error.message}
          </p>
        ) : null}
        {hasNextPage ? (
          <button
            type="button"
            className={buttonClass.secondary}
            disabled={isFetchingNextPage}
            onClick={() => void fetchNextPage()}
          >
            {isFetchingNextPage ? "Reading…" : "Load older"}
          </button>
        ) : null}
      </div>
    </div>
  );
}
