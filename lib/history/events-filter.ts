// The Events page's filters: read from its URL, checked, and turned into the store's query
// (GET /api/events, its CSV export and GET /api/events/flapping). Pure.

import { EVENT_FIELDS, RESOURCE_TYPES, type EventField, type ResourceType } from "@/lib/dx/history";

export interface EventsFilter {
  /** A resource's id: its events and its children's (an interface's peers); "" for every resource. */
  resource: string;
  /** Account alias; "" for every account. */
  account: string;
  region: string;
  resourceType: ResourceType | "";
  field: EventField | "";
  /** ISO times; "" for no bound. */
  since: string;
  until: string;
  /** The Flapping panel's threshold: sessions with at least this many changes in 24 h. */
  min: number;
}

export const DEFAULT_FLAPPING_MIN = 3;
/** The store's bounds for a page (GET /api/events). */
export const EVENTS_PAGE_MAX = 1000;

export const NO_EVENT_FILTERS: Omit<EventsFilter, "min"> = {
  resource: "",
  account: "",
  region: "",
  resourceType: "",
  field: "",
  since: "",
  until: "",
};

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | "" =>
  (list as readonly string[]).includes(value ?? "") ? (value as T) : "";

/** A time of the URL as an ISO string, or "" when there is none or it cannot be read. */
function isoTime(value: string | null): string {
  if (!value) return "";
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString();
}

/** The filters a URL names; what it names wrongly is left out (and said by `filterProblems`). */
export function readEventsFilter(params: { get(name: string): string | null }): EventsFilter {
  const min = Number(params.get("min"));
  return {
    resource: params.get("resource")?.trim() ?? "",
    account: params.get("account") ?? "",
    region: params.get("region") ?? "",
    resourceType: oneOf(RESOURCE_TYPES, params.get("type")),
    field: oneOf(EVENT_FIELDS, params.get("field")),
    since: isoTime(params.get("since")),
    until: isoTime(params.get("until")),
    min: Number.isInteger(min) && min >= 1 ? min : DEFAULT_FLAPPING_MIN,
  };
}

/** What a URL names that the page cannot take (and so leaves out), in words. */
export function ignoredParams(params: { get(name: string): string | null }): string[] {
  const said: string[] = [];
  const type = params.get("type");
  if (type && !oneOf(RESOURCE_TYPES, type))
    said.push(`“${type}” is not a resource type (${RESOURCE_TYPES.join(", ")}).`);
  const field = params.get("field");
  if (field && !oneOf(EVENT_FIELDS, field))
    said.push(`“${field}” is not a kind of change (${EVENT_FIELDS.join(", ")}).`);
  for (const name of ["since", "until"] as const) {
    const value = params.get(name);
    if (value && !isoTime(value)) said.push(`${name}=“${value}” is not a time.`);
  }
  const min = params.get("min");
  if (min !== null && min !== "" && !(Number.isInteger(Number(min)) && Number(min) >= 1))
    said.push(`min=“${min}” is not a whole number of at least 1.`);
  return said;
}

/** The filters as the page's URL says them, defaults left out. */
export function eventsFilterParams(filter: EventsFilter): Record<string, string> {
  return {
    resource: filter.resource,
    account: filter.account,
    region: filter.region,
    type: filter.resourceType,
    field: filter.field,
    since: filter.since,
    until: filter.until,
    min: filter.min === DEFAULT_FLAPPING_MIN ? "" : String(filter.min),
  };
}

/**
 * What is wrong with the filters, by field, before anything is asked: a time range that ends before
 * it starts, a threshold that is not a whole number of at least 1.
 */
export function filterProblems(filter: EventsFilter): Partial<Record<keyof EventsFilter, string>> {
  const problems: Partial<Record<keyof EventsFilter, string>> = {};
  if (filter.since && filter.until && Date.parse(filter.since) >= Date.parse(filter.until))
    problems.until = "“Until” is not after “From”: nothing can match.";
  if (!Number.isInteger(filter.min) || filter.min < 1)
    problems.min = "At least 1 change: a whole number.";
  return problems;
}

/** The store's query for the feed (or its CSV), the page's filters as GET /api/events names them. */
export function eventsQuery(
  filter: Omit<EventsFilter, "min">,
  page: { limit?: number; cursor?: string | null; format?: "csv" } = {},
): URLSearchParams {
  const q = new URLSearchParams();
  const set = (name: string, value: string | number | null | undefined) => {
    if (value !== "" && value !== null && value !== undefined) q.set(name, String(value));
  };
  // A resource's own events and its children's: the store takes either when both are named.
  set("resourceId", filter.resource);
  set("parentId", filter.resource);
  set("account", filter.account);
  set("region", filter.region);
  set("resourceType", filter.resourceType);
  set("field", filter.field);
  set("since", filter.since);
  set("until", filter.until);
  set("limit", page.limit);
  set("cursor", page.cursor);
  set("format", page.format);
  return q;
}

/** The Flapping panel's query: sessions with at least `min` changes in 24 h, in the scope chosen. */
export function flappingQuery(filter: EventsFilter): URLSearchParams {
  const q = new URLSearchParams({ hours: "24", min: String(filter.min) });
  if (filter.account) q.set("account", filter.account);
  if (filter.region) q.set("region", filter.region);
  return q;
}

/**
 * A `<input type="datetime-local">` value (local time, no zone) as an ISO time, or "" when empty or
 * unreadable; and back. The URL holds ISO times, so a shared link means the same instant anywhere.
 */
export function fromLocalInput(value: string): string {
  if (!value) return "";
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString();
}

export function toLocalInput(iso: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}
