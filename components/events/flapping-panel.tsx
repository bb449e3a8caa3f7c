"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { eventTime } from "@/lib/dx/format";
import type { DxFlappingSession } from "@/lib/dx/history";
import { dxKeys } from "@/lib/dx/query-keys";
import { flappingQuery, type EventsFilter } from "@/lib/history/events-filter";

import { controlClass, errorTextClass } from "../actions/styles";
import { fetchJson } from "../fetch-json";
import { OnMap } from "../on-map-link";
import { StateBadge } from "../state-badge";

// BGP sessions that changed status at least N times in the last 24 h (GET /api/events/flapping), in
// the account and region chosen, most changes first: the sessions to look at before they page someone.

const FLAPPING_POLL_MS = 30_000;

/** The threshold as typed: taken when it is a whole number of at least 1, said wrong otherwise. */
function Threshold({ min, onChange }: { min: number; onChange: (min: number) => void }) {
  const [text, setText] = useState(String(min));
  const value = Number(text);
  const valid = text.trim() !== "" && Number.isInteger(value) && value >= 1;
  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
      <label htmlFor="flapping-min">At least</label>
      <input
        id="flapping-min"
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        value={text}
        aria-invalid={!valid}
        aria-describedby={valid ? undefined : "flapping-min-error"}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          if (e.target.value.trim() !== "" && Number.isInteger(n) && n >= 1) onChange(n);
        }}
        className={controlClass(!valid, "w-20")}
      />
      <span>changes in 24 h</span>
      {valid ? null : (
        <p id="flapping-min-error" className={`${errorTextClass} w-full`}>
          A whole number of at least 1.
        </p>
      )}
    </div>
  );
}

export function FlappingPanel({
  filter,
  update,
}: {
  filter: EventsFilter;
  update: (change: Partial<EventsFilter>) => void;
}) {
  const query = flappingQuery(filter).toString();
  const { data, error } = useQuery({
    queryKey: dxKeys.flapping(query),
    queryFn: ({ signal }) =>
      fetchJson<{ sessions: DxFlappingSession[] }>(`/api/events/flapping?${query}`, { signal }),
    refetchInterval: FLAPPING_POLL_MS,
  });
  return (
    <section
      aria-labelledby="flapping-title"
      data-testid="flapping"
      className="flex min-h-0 flex-col gap-2 overflow-auto border-l border-border bg-surface p-3"
    >
      <h2 id="flapping-title" className="text-sm font-semibold">
        Flapping BGP sessions
      </h2>
      <Threshold min={filter.min} onChange={(min) => update({ min })} />
      {!data ? (
        error ? (
          <p className="text-sm text-rose-700 dark:text-rose-300">
            Could not read them: {error.message}
          </p>
        ) : (
          <p role="status" className="text-sm text-muted">
            Reading them…
          </p>
        )
      ) : data.sessions.length === 0 ? (
        <p className="text-sm text-muted">
          None: no session changed status {filter.min} times or more in the last 24 h.
        </p>
      ) : (
        <ul className="space-y-1.5 text-sm" aria-label="Flapping sessions, most changes first">
          {data.sessions.map((s) => (
            <li
              key={s.resourceId}
              data-testid={`flapping-${s.resourceId}`}
              className="rounded-md border border-border px-2 py-1.5"
            >
              <span className="flex flex-wrap items-center gap-1.5">
                <StateBadge
                  state={`${s.changes} changes`}
                  tone="attention"
                  label="Changes of BGP status in 24 h"
                />
                <OnMap id={s.resourceId} className="font-mono text-xs text-accent">
                  {s.resourceId}
                </OnMap>
              </span>
              <span className="block text-xs text-muted">
                {s.parentId ? (
                  <>
                    on{" "}
                    <OnMap id={s.parentId} className="font-mono">
                      {s.parentId}
                    </OnMap>{" "}
                    ·{" "}
                  </>
                ) : null}
                {s.account} · {s.region} · last {eventTime(s.lastTime)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
