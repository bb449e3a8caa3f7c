"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import type { DxAuditEntry, DxEventsPage } from "@/lib/dx/history";
import { dxKeys } from "@/lib/dx/query-keys";
import { EVENTS_PAGE_MAX } from "@/lib/history/events-filter";
import { DAY_MS } from "@/lib/history/timeline";

import { fetchJson } from "../fetch-json";

// A resource's history from the store, read while its History is open: its events and its children's
// (an interface's peers, a LAG's members, a gateway's associations: the store's parentId), over the
// longest uptime window, and the audit entries of the changes people made to them. Read again now
// and then while open (the collector reads AWS every 15 s) and after any change made here (a
// mutation invalidates every dxmap read).

/** How often an open History reads the store again. */
export const HISTORY_POLL_MS = 10_000;
/** The oldest history a resource's timeline needs: its longest uptime window. */
const HISTORY_DAYS = 30;
const AUDIT_LIMIT = 200;

export interface ResourceEventsAnswer extends DxEventsPage {
  /** When the store was asked: the `now` its uptime is computed at. */
  askedAt: number;
}

export function useResourceEvents(resourceIds: readonly string[], parentId: string) {
  const ids = resourceIds.join(",");
  return useQuery({
    queryKey: dxKeys.resourceEvents(ids, parentId),
    queryFn: async ({ signal }): Promise<ResourceEventsAnswer> => {
      const askedAt = Date.now();
      const query = new URLSearchParams({
        resourceId: ids,
        parentId,
        since: new Date(askedAt - HISTORY_DAYS * DAY_MS).toISOString(),
        limit: String(EVENTS_PAGE_MAX),
      });
      const page = await fetchJson<DxEventsPage>(`/api/events?${query}`, { signal });
      return { ...page, askedAt };
    },
    refetchInterval: HISTORY_POLL_MS,
  });
}

export function useAuditEntries(targetIds: readonly string[], enabled: boolean) {
  const ids = targetIds.join(",");
  return useQuery({
    queryKey: dxKeys.audit(ids),
    queryFn: ({ signal }) =>
      fetchJson<{ entries: DxAuditEntry[] }>(
        `/api/audit?${new URLSearchParams({
          targetId: ids,
          since: new Date(Date.now() - HISTORY_DAYS * DAY_MS).toISOString(),
          limit: String(AUDIT_LIMIT),
        })}`,
        { signal },
      ),
    enabled: enabled && ids !== "",
    refetchInterval: HISTORY_POLL_MS,
  });
}

/** The time now, moving on every `everyMs`: what an ongoing span's duration is measured to. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
