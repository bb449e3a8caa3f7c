"use client";

import {
  eventsFilterParams,
  readEventsFilter,
  type EventsFilter,
} from "@/lib/history/events-filter";

import { useUrlState } from "../use-url-state";

// The Events page's filters in its URL (account=, region=, type=, field=, since=, until=, resource=,
// min=), so a link shares the view and a reload keeps it.

export function useEventsState(): [EventsFilter, (change: Partial<EventsFilter>) => void] {
  return useUrlState(readEventsFilter, eventsFilterParams);
}
