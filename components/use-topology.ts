"use client";

import { queryOptions, replaceEqualDeep, useQuery } from "@tanstack/react-query";

import { dxKeys } from "@/lib/dx/query-keys";
import type { DxClientConfig, DxTopology } from "@/lib/dx/types";
import { takeArrivedTopology, takeEarlyTopology } from "@/lib/dx/early-topology";
import { READ_AT_HEADER } from "@/lib/dx/headers";
import {
  applyTopologyChanges,
  TOPOLOGY_CHANGES_IM,
  type DxTopologyChanges,
} from "@/lib/dx/topology-changes";

import { fetchJson, fetchJsonIfChanged, parseJson } from "./fetch-json";
import { useHydrated } from "./use-hydrated";

import { hasTransitionalState, MovingWatch } from "@/lib/dx/transitional";

export { hasTransitionalState };

/** Poll fast while AWS is moving something on, slowly when all is settled. */
export const FAST_POLL_MS = 2_000;
export const SLOW_POLL_MS = 15_000;

/**
 * The whole topology of every configured account and region; views filter it in the browser.
 * A poll names the version it has: while the estate is unchanged the server answers 304 and the
 * data stays the same object (nothing to parse, compare or render), with the new readAt; when it
 * changed, the server sends only what changed (226, lib/dx/topology-changes.ts) and every resource
 * that did not change stays the object it was.
 */
let readAtOnce = false;

/**
 * The next topology read asks the server's collector to read AWS at once (Refresh), instead of
 * answering from its latest snapshot (up to an interval old).
 */
export function readAtOnceNext(): void {
  readAtOnce = true;
}

/**
 * Reads made from the one before (the server's changes applied to it, or its new readAt): they keep
 * every unchanged resource as the object it was already, so React Query's structural sharing, a walk
 * over both reads (60,000 interfaces and peers at XL, on the way from a poll to its badges), is skipped.
 * A list the server sent whole (its length changed, or most of it did) is shared here, list by list.
 */
const sharedAlready = new WeakSet<DxTopology>();
const shared = (read: DxTopology) => {
  sharedAlready.add(read);
  return read;
};

/** `next` (the changes applied to `previous`) with each list sent whole sharing its unchanged items. */
export function withWholeListsShared(
  previous: DxTopology,
  next: DxTopology,
  changes: DxTopologyChanges["changes"],
): DxTopology {
  const members = next as unknown as Record<string, unknown>;
  const before = previous as unknown as Record<string, unknown>;
  for (const [member, change] of Object.entries(changes))
    if ("all" in change) members[member] = replaceEqualDeep(before[member], members[member]);
  return next;
}

export const topologyQueryOptions = queryOptions({
  queryKey: dxKeys.topology(),
  structuralSharing: (previous: unknown, read: unknown) =>
    sharedAlready.has(read as DxTopology) ? read : replaceEqualDeep(previous, read),
  queryFn: async ({ signal, client }): Promise<DxTopology> => {
    const previous = client.getQueryData<DxTopology>(dxKeys.topology());
    const early = previous ? undefined : await takeEarlyTopology();
    if (early instanceof Response) return parseJson<DxTopology>(early);
    if (early) return early.body as DxTopology;
    const fresh = readAtOnce;
    readAtOnce = false;
    const answer = await fetchJsonIfChanged<DxTopology, DxTopologyChanges>("/api/topology", {
      signal,
      version: previous?.version,
      im: TOPOLOGY_CHANGES_IM,
      fresh,
    });
    if ("body" in answer) return answer.body;
    if ("delta" in answer) {
      const next = applyTopologyChanges(previous!, answer.delta);
      if (next) return shared(withWholeListsShared(previous!, next, answer.delta.changes));
      // Changes to another version than ours: read the whole topology.
      return fetchJson<DxTopology>("/api/topology", { signal });
    }
    // Unchanged: the same read while its readAt is too (nothing to render), else only the
    // top-level object is new.
    const readAt = answer.notModified.get(READ_AT_HEADER) ?? previous!.readAt;
    return readAt === previous!.readAt ? previous! : shared({ ...previous!, readAt });
  },
});

/** Whether a topology read has something moving, counted from the read before (MovingWatch). */
const moving = new MovingWatch();

/**
 * How soon to poll again after this read. React Query asks on every render of every view of the
 * topology (as it sets each observer's options): the same read is answered at once, and the next
 * one is looked at only where it differs (a walk over the estate took 5-6 ms at XL on the way from a
 * poll to its badges).
 */
export function pollIntervalFor(data: DxTopology | undefined): number {
  if (!data) return SLOW_POLL_MS;
  return moving.of(data) ? FAST_POLL_MS : SLOW_POLL_MS;
}

export function useTopology() {
  const query = useQuery({
    ...topologyQueryOptions,
    // The page's early read, when it has already arrived: the query starts with it (fresh for the
    // client's staleTime), so the first render after hydration draws the map.
    initialData: () => takeArrivedTopology() as DxTopology | undefined,
    refetchInterval: (q) => pollIntervalFor(q.state.data),
  });
  // The server rendered "loading": so does the hydrating render, even when the early read already
  // answered (otherwise React finds different HTML, reports it and renders the tree again).
  const hydrated = useHydrated();
  return hydrated ? query : { ...query, data: undefined, error: null };
}

export const configQueryOptions = queryOptions({
  queryKey: dxKeys.config(),
  queryFn: ({ signal }) => fetchJson<DxClientConfig>("/api/config", { signal }),
  staleTime: 60_000,
});

/** Accounts, regions and the user's rights: read-only users see no mutating controls. */
export function useDxConfig() {
  const query = useQuery(configQueryOptions);
  const hydrated = useHydrated();
  return hydrated ? query : { ...query, data: undefined, error: null };
}
