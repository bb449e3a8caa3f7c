"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";

import type { DxEventsPage } from "@/lib/dx/history";
import { dxKeys } from "@/lib/dx/query-keys";

import { fetchJson } from "../fetch-json";

// The map's "Recent changes": the latest events estate-wide, from the store, so the list is the same
// for everyone and survives a reload. Read again when the map reads a new version of the estate (a
// change the map has just seen is one the collector records), and on an interval, since the collector
// reads AWS on its own clock and may record a change after the map has drawn it.

export const RECENT_EVENTS = 20;
const RECENT_POLL_MS = 10_000;

export function useRecentEvents(version: string) {
  return useQuery({
    queryKey: dxKeys.recentEvents(version),
    queryFn: ({ signal }) =>
      fetchJson<DxEventsPage>(`/api/events?limit=${RECENT_EVENTS}`, { signal }),
    // The list stays while the next version's is read: it changes by a line, not by a blank.
    placeholderData: keepPreviousData,
    refetchInterval: RECENT_POLL_MS,
  });
}
