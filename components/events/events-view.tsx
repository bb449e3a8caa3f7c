"use client";

import { useSearchParams } from "next/navigation";
import { useState } from "react";

import { EVENT_FIELDS, RESOURCE_TYPES } from "@/lib/dx/history";
import { FIELD_LABEL, RESOURCE_TYPE_LABEL } from "@/lib/history/describe";
import {
  eventsQuery,
  filterProblems,
  fromLocalInput,
  ignoredParams,
  NO_EVENT_FILTERS,
  toLocalInput,
  type EventsFilter,
} from "@/lib/history/events-filter";
import { DAY_MS, HOUR_MS } from "@/lib/history/timeline";

import { buttonClass, controlClass, errorTextClass } from "../actions/styles";
import { useDxConfig } from "../use-topology";
import { EventsFeed } from "./events-feed";
import { FlappingPanel } from "./flapping-panel";
import { useEventsState } from "./use-events-state";

// The Events page (/events): every change the collector recorded across the estate, newest first,
// narrowed by account, region, resource type, kind of change, resource and time, all in the URL; the
// sessions flapping in the last 24 h beside it; and the filtered events as a CSV from the store.

const label = "text-xs font-semibold tracking-wide text-muted uppercase";

function Select({
  id,
  text,
  value,
  options,
  onChange,
}: {
  id: string;
  text: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="flex flex-col gap-0.5">
      <label htmlFor={id} className={label}>
        {text}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={controlClass(false, "w-auto")}
      >
        <option value="">All</option>
        {/* A value from a shared link that this server does not list still shows, as chosen. */}
        {value && !options.some((o) => o.value === value) ? (
          <option value={value}>{value}</option>
        ) : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A resource id, taken on Enter or when the field is left (not on every key: each is a read). */
function ResourceInput({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const [text, setText] = useState(value);
  const commit = () => {
    if (text.trim() !== value) onChange(text.trim());
  };
  return (
    <div className="flex flex-col gap-0.5">
      <label htmlFor="events-resource" className={label}>
        Resource id
      </label>
      <input
        id="events-resource"
        type="search"
        value={text}
        placeholder="dxvif-…"
        title="A resource's id: its events and its children's (an interface's peers)"
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
        }}
        className={`${controlClass(false, "w-56")} font-mono`}
      />
    </div>
  );
}

const PRESETS = [
  { label: "1 h", ms: HOUR_MS },
  { label: "24 h", ms: DAY_MS },
  { label: "7 d", ms: 7 * DAY_MS },
  { label: "30 d", ms: 30 * DAY_MS },
] as const;

function TimeRange({
  filter,
  update,
  problem,
}: {
  filter: EventsFilter;
  update: (change: Partial<EventsFilter>) => void;
  problem: string | undefined;
}) {
  return (
    <fieldset className="flex flex-wrap items-end gap-2">
      <legend className="sr-only">Time range</legend>
      <div className="flex flex-col gap-0.5">
        <label htmlFor="events-since" className={label}>
          From
        </label>
        <input
          id="events-since"
          type="datetime-local"
          value={toLocalInput(filter.since)}
          onChange={(e) => update({ since: fromLocalInput(e.target.value) })}
          className={controlClass(false, "w-auto")}
        />
      </div>
      <div className="flex flex-col gap-0.5">
        <label htmlFor="events-until" className={label}>
          Until
        </label>
        <input
          id="events-until"
          type="datetime-local"
          value={toLocalInput(filter.until)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? "events-until-error" : undefined}
          onChange={(e) => update({ until: fromLocalInput(e.target.value) })}
          className={controlClass(problem !== undefined, "w-auto")}
        />
      </div>
      <div role="group" aria-label="Last" className="flex items-center gap-1 pb-1">
        <span className="text-xs text-muted">Last</span>
        {PRESETS.map((p) => (
          <button
            key={p.label}
            type="button"
            className={buttonClass.small}
            onClick={() => update({ since: new Date(Date.now() - p.ms).toISOString(), until: "" })}
          >
            {p.label}
          </button>
        ))}
      </div>
      {problem ? (
        <p id="events-until-error" role="alert" className={`${errorTextClass} w-full`}>
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}

export function EventsView() {
  const [filter, update] = useEventsState();
  const params = useSearchParams();
  const [ignored] = useState(() => ignoredParams(params));
  const { data: config } = useDxConfig();
  const problems = filterProblems(filter);
  const valid = problems.until === undefined;
  const feedFilter = {
    resource: filter.resource,
    account: filter.account,
    region: filter.region,
    resourceType: filter.resourceType,
    field: filter.field,
    since: filter.since,
    until: filter.until,
  };
  const filtered = Object.values(feedFilter).some((v) => v !== "");
  const csv = `/api/events?${eventsQuery(feedFilter, { format: "csv" })}`;
  return (
    <main className="flex h-[calc(100vh-3.5rem)] flex-col">
      <h1 className="sr-only">Events</h1>
      <div className="flex flex-wrap items-end gap-x-4 gap-y-2 border-b border-border bg-surface px-4 py-2">
        <Select
          id="events-account"
          text="Account"
          value={filter.account}
          options={(config?.accounts ?? []).map((a) => ({ value: a.alias, label: a.alias }))}
          onChange={(account) => update({ account })}
        />
        <Select
          id="events-region"
          text="Region"
          value={filter.region}
          options={[...(config?.regions ?? []), "global"].map((r) => ({ value: r, label: r }))}
          onChange={(region) => update({ region })}
        />
        <Select
          id="events-type"
          text="Resource type"
          value={filter.resourceType}
          options={RESOURCE_TYPES.map((t) => ({ value: t, label: RESOURCE_TYPE_LABEL[t] }))}
          onChange={(t) => update({ resourceType: t as EventsFilter["resourceType"] })}
        />
        <Select
          id="events-field"
          text="Change"
          value={filter.field}
          options={EVENT_FIELDS.map((f) => ({ value: f, label: FIELD_LABEL[f] }))}
          onChange={(f) => update({ field: f as EventsFilter["field"] })}
        />
        <ResourceInput
          key={filter.resource}
          value={filter.resource}
          onChange={(resource) => update({ resource })}
        />
        <TimeRange filter={filter} update={update} problem={problems.until} />
        {filtered ? (
          <button
            type="button"
            onClick={() => update(NO_EVENT_FILTERS)}
            className="rounded-md px-2 py-1 text-sm text-accent underline-offset-2 hover:underline focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
          >
            Clear filters
          </button>
        ) : null}
        <a
          href={csv}
          download
          className={`${buttonClass.secondary} ml-auto`}
          aria-disabled={valid ? undefined : true}
          onClick={(e) => {
            if (!valid) e.preventDefault();
          }}
          title="The events these filters match, from the store (up to 100,000 rows)"
        >
          Download CSV
        </a>
      </div>
      {ignored.length > 0 ? (
        <div
          role="status"
          className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950 dark:border-amber-400/40 dark:bg-amber-400/10 dark:text-amber-100"
        >
          The link asked for what this page cannot show, so it shows more: {ignored.join(" ")}
        </div>
      ) : null}
      <div className="flex min-h-0 flex-1">
        <div className="flex min-w-0 flex-1 flex-col">
          <EventsFeed filter={feedFilter} enabled={valid} />
        </div>
        <div className="hidden w-80 shrink-0 md:flex">
          <FlappingPanel filter={filter} update={update} />
        </div>
      </div>
    </main>
  );
}
