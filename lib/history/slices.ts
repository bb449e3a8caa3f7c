// A snapshot cut into scopes: what one collector reads at a time, an account's region or its global
// resources (Direct Connect gateways and their associations). Pure: the collector cuts each read into
// slices, keeps what did not change as the same objects, derives events by comparing a slice with the
// one before it, and assembles the topology the browser receives from every scope's latest slice.
import { isDeepStrictEqual } from "node:util";

import type { DxEvent, EventField, ResourceType } from "@/lib/dx/history";
import type {
  DxConnection,
  DxDirectConnectGateway,
  DxGatewayAssociation,
  DxLag,
  DxLocation,
  DxReadError,
  DxTopology,
  DxVirtualGateway,
  DxVirtualInterface,
} from "@/lib/dx/types";
import { mergeVirtualInterfaces, uniqueBy } from "@/lib/aws/to-dto";

export const GLOBAL = "global";

export interface SliceLists {
  connections: DxConnection[];
  lags: DxLag[];
  virtualInterfaces: DxVirtualInterface[];
  virtualGateways: DxVirtualGateway[];
  locations: DxLocation[];
  directConnectGateways: DxDirectConnectGateway[];
  directConnectGatewayAssociations: DxGatewayAssociation[];
}

export const LIST_KINDS = [
  "connections",
  "lags",
  "virtualInterfaces",
  "virtualGateways",
  "locations",
  "directConnectGateways",
  "directConnectGatewayAssociations",
] as const satisfies readonly (keyof SliceLists)[];
export type ListKind = (typeof LIST_KINDS)[number];

export interface Slice extends SliceLists {
  account: string;
  /** A region, or GLOBAL. */
  region: string;
  /** When the read behind it was made (its oldest call). */
  readAt: string;
  errors: DxReadError[];
}

export const scopeKey = (account: string, region: string) => `${account}/${region}`;

/** Each list's item id (a location's code). */
export function itemId(kind: ListKind, item: unknown): string {
  return kind === "locations" ? (item as DxLocation).code : (item as { id: string }).id;
}

const EMPTY: SliceLists = {
  connections: [],
  lags: [],
  virtualInterfaces: [],
  virtualGateways: [],
  locations: [],
  directConnectGateways: [],
  directConnectGatewayAssociations: [],
};

/**
 * A read of one account (lib/aws/topology.ts, scoped to it) cut into its slices: one per region read,
 * and its global one when read.
 */
export function slicesOf(
  topology: DxTopology,
  account: string,
  regions: readonly string[],
  global: boolean,
): Slice[] {
  const slices: Slice[] = regions.map((region) => {
    const here = <T extends { region: string }>(list: T[]) =>
      list.filter((x) => x.region === region);
    return {
      ...EMPTY,
      account,
      region,
      readAt: topology.readAt,
      connections: here(topology.connections),
      lags: here(topology.lags),
      virtualInterfaces: here(topology.virtualInterfaces),
      virtualGateways: here(topology.virtualGateways),
      locations: here(topology.locations),
      errors: topology.errors.filter((e) => e.region === region),
    };
  });
  if (global)
    slices.push({
      ...EMPTY,
      account,
      region: GLOBAL,
      readAt: topology.readAt,
      directConnectGateways: topology.directConnectGateways,
      directConnectGatewayAssociations: topology.directConnectGatewayAssociations,
      errors: topology.errors.filter((e) => e.region === GLOBAL),
    });
  return slices;
}

/**
 * `next` with every item equal to the previous slice's replaced by that item, and every list whose
 * items are all kept replaced by the previous list: an unchanged estate stays the same objects, which
 * the topology's encoding and the browser's structural sharing rely on. Also for a read's whole
 * topology (lib/aws/topology.ts keeps its last read's objects the same way).
 *
 * Items are compared by value (isDeepStrictEqual), not by their JSON: an item's JSON is kept while
 * it lives (item-json.ts), and encoding every item a slice holds only to compare it kept a copy of
 * the estate as text (at XL, 30 MB for the interfaces two accounts read, whose merged interface is
 * what the answers encode).
 */
export function keepSame<T extends SliceLists & { errors: DxReadError[] }>(
  previous: T | undefined,
  next: T,
): T {
  if (!previous) return next;
  const kept = { ...next };
  for (const kind of LIST_KINDS) {
    const before = previous[kind] as unknown[];
    const now = next[kind] as unknown[];
    const byId = new Map(before.map((item) => [itemId(kind, item), item]));
    let same = before.length === now.length;
    const list = now.map((item, i) => {
      const old = byId.get(itemId(kind, item));
      // The same object when the read found it unchanged (lib/aws/topology.ts keeps what it built,
      // or what it built before that is equal): compared without a walk.
      if (old !== undefined && (old === item || isDeepStrictEqual(old, item))) {
        if (before[i] !== old) same = false;
        return old;
      }
      same = false;
      return item;
    });
    (kept as Record<ListKind, unknown[]>)[kind] = same ? before : list;
  }
  if (isDeepStrictEqual(previous.errors, next.errors)) kept.errors = previous.errors;
  return kept;
}

/** Whether two slices hold the same resources (as kept by keepSame), whatever their errors. */
export function sameLists(a: Slice, b: Slice): boolean {
  return LIST_KINDS.every((kind) => a[kind] === b[kind]);
}

/** Whether two slices hold the same resources and errors (as kept by keepSame). */
export function sameContent(a: Slice, b: Slice): boolean {
  return sameLists(a, b) && a.errors === b.errors;
}

export type NewEvent = Omit<DxEvent, "id">;

export interface DiffOptions {
  /**
   * Whether this slice records an interface's changes. An interface allocated from one configured
   * account to another is read by both: its owner's slice records it, once.
   */
  records?(vif: DxVirtualInterface): boolean;
  /** Whether this slice records an association's changes (read by both its parties): its gateway's owner. */
  recordsAssociation?(association: DxGatewayAssociation): boolean;
}

/**
 * The events between a scope's previous slice and its next: states, BGP statuses, peers, gateways and
 * associations that changed, appeared (from null) or went (to null). A scope seen for the first time
 * has no previous slice: its first read is the baseline, not a thousand "appeared" events.
 */
export function diffSlices(
  previous: Slice | undefined,
  next: Slice,
  time: string,
  options: DiffOptions = {},
): NewEvent[] {
  if (!previous || sameContent(previous, next)) return [];
  // A scope that could not be read is not a scope whose resources all went: its lists are what the
  // read's last good calls stood in with, or empty. Compare only the calls that answered.
  const failed = next.errors.length > 0 && next.errors.some((e) => !e.keptFrom);
  const events: NewEvent[] = [];
  const { account, region } = next;
  const push = (
    resourceType: ResourceType,
    resourceId: string,
    parentId: string | null,
    field: EventField,
    from: string | null,
    to: string | null,
  ) => {
    if (from !== to)
      events.push({ time, account, region, resourceType, resourceId, parentId, field, from, to });
  };
  const compare = <T extends { id: string; state: string }>(
    type: ResourceType,
    before: readonly T[],
    now: readonly T[],
    parentOf: (item: T) => string | null,
    more?: (was: T | undefined, is: T | undefined, item: T) => void,
    records: (item: T) => boolean = () => true,
  ) => {
    if (before === now) return;
    const old = new Map(before.map((x) => [x.id, x]));
    const seen = new Set<string>();
    for (const item of now) {
      seen.add(item.id);
      const was = old.get(item.id);
      if (was === item || !records(item)) continue;
      push(type, item.id, parentOf(item), "state", was ? was.state : null, item.state);
      more?.(was, item, item);
    }
    if (failed) return;
    for (const was of before) {
      if (seen.has(was.id) || !records(was)) continue;
      push(type, was.id, parentOf(was), "state", was.state, null);
      more?.(was, undefined, was);
    }
  };
  compare("connection", previous.connections, next.connections, (c) => c.lagId);
  compare("lag", previous.lags, next.lags, () => null);
  compare(
    "virtualInterface",
    previous.virtualInterfaces,
    next.virtualInterfaces,
    (v) => v.connectionId,
    (was, is, vif) => {
      if (was && is) {
        const gateway = (v: DxVirtualInterface) => v.directConnectGatewayId ?? v.virtualGatewayId;
        push("virtualInterface", vif.id, vif.connectionId, "gateway", gateway(was), gateway(is));
      }
      const before = new Map((was?.bgpPeers ?? []).map((p) => [p.id, p]));
      const after = new Map((is?.bgpPeers ?? []).map((p) => [p.id, p]));
      for (const [id, peer] of after) {
        const p = before.get(id);
        if (p === peer) continue;
        if (!p && was) push("virtualInterface", vif.id, vif.connectionId, "peer", null, id);
        push("bgpPeer", id, vif.id, "state", p ? p.state : null, peer.state);
        if (p) push("bgpPeer", id, vif.id, "bgpStatus", p.bgpStatus, peer.bgpStatus);
      }
      for (const [id, p] of before) {
        if (after.has(id)) continue;
        if (is) push("virtualInterface", vif.id, vif.connectionId, "peer", id, null);
        push("bgpPeer", id, vif.id, "state", p.state, null);
      }
    },
    options.records,
  );
  compare("virtualGateway", previous.virtualGateways, next.virtualGateways, () => null);
  compare(
    "directConnectGateway",
    previous.directConnectGateways,
    next.directConnectGateways,
    () => null,
  );
  compare(
    "association",
    previous.directConnectGatewayAssociations,
    next.directConnectGatewayAssociations,
    (a) => a.directConnectGatewayId,
    (was, is, a) => {
      if (!was && is)
        push(
          "directConnectGateway",
          a.directConnectGatewayId,
          null,
          "association",
          null,
          a.associatedGatewayId,
        );
      if (was && !is)
        push(
          "directConnectGateway",
          a.directConnectGatewayId,
          null,
          "association",
          a.associatedGatewayId,
          null,
        );
    },
    options.recordsAssociation,
  );
  return events;
}

/** Joins every list of the slices in order, as one read of them all would list them. */
function joined<K extends ListKind>(slices: readonly Slice[], kind: K): SliceLists[K] {
  if (slices.length === 1) return slices[0]![kind];
  return slices.flatMap((s) => s[kind] as unknown[]) as SliceLists[K];
}

export interface AssembleContext {
  backend: string;
  accounts: { alias: string; accountId: string }[];
  regions: string[];
}

const MEMO_FILTERS = 16;

/** An interface read by two accounts, merged: the same object while both reads are. */
const merged = new WeakMap<
  DxVirtualInterface,
  { other: DxVirtualInterface; vif: DxVirtualInterface }
>();

/**
 * Interfaces read by several configured accounts (allocated from one to another), once each, as
 * mergeVirtualInterfaces keeps them; an interface read once stays the same object.
 */
function acrossAccounts(vifs: DxVirtualInterface[]): DxVirtualInterface[] {
  const byId = new Map<string, DxVirtualInterface[]>();
  for (const vif of vifs) {
    const seen = byId.get(vif.id);
    if (seen) seen.push(vif);
    else byId.set(vif.id, [vif]);
  }
  if (byId.size === vifs.length) return vifs;
  return [...byId.values()].map((group) => {
    if (group.length === 1) return group[0]!;
    const [first, second] = group as [DxVirtualInterface, DxVirtualInterface];
    const hit = group.length === 2 ? merged.get(first) : undefined;
    if (hit && hit.other === second) return hit.vif;
    const vif = mergeVirtualInterfaces(group)[0]!;
    if (group.length === 2) merged.set(first, { other: second, vif });
    return vif;
  });
}

/**
 * The topology of the given slices (in the configuration's order: each account's regions, then its
 * global slice), as one read of them all would give it: an interface seen by two accounts once,
 * locations, gateways and associations once. The lists are built anew only when a slice changed:
 * `cacheKey` names the set of slices (an account and region filter), and for the same slices the
 * previous lists are kept, with only readAt new.
 */
export function assemble(
  slices: readonly Slice[],
  context: AssembleContext,
  memo: Map<string, { slices: readonly Slice[]; topology: DxTopology }>,
  cacheKey: string,
): DxTopology {
  const readAt =
    slices.length > 0
      ? slices.reduce((min, s) => (s.readAt < min ? s.readAt : min), slices[0]!.readAt)
      : new Date().toISOString();
  const last = memo.get(cacheKey);
  // Compared by content, not by slice: every pass makes each scope a new slice (its readAt moves)
  // holding the same lists when nothing changed, and a topology built anew from them would be
  // encoded anew (lib/server/topology-response.ts keeps an encoding while the lists are the same).
  if (
    last &&
    last.slices.length === slices.length &&
    last.slices.every((s, i) => sameContent(s, slices[i]!))
  ) {
    last.slices = slices;
    if (last.topology.readAt !== readAt) last.topology = { ...last.topology, readAt };
    return last.topology;
  }
  const regional = slices.filter((s) => s.region !== GLOBAL);
  const global = slices.filter((s) => s.region === GLOBAL);
  const topology: DxTopology = {
    readAt,
    backend: context.backend,
    accounts: context.accounts,
    regions: context.regions,
    connections: joined(regional, "connections"),
    lags: joined(regional, "lags"),
    virtualInterfaces: acrossAccounts(joined(regional, "virtualInterfaces")),
    virtualGateways: joined(regional, "virtualGateways"),
    locations: uniqueBy(joined(regional, "locations"), (l) => `${l.region}/${l.code}`),
    directConnectGateways: uniqueBy(joined(global, "directConnectGateways"), (g) => g.id),
    directConnectGatewayAssociations: uniqueBy(
      joined(global, "directConnectGatewayAssociations"),
      (a) => a.id,
    ),
    errors: slices.flatMap((s) => s.errors),
  };
  memo.delete(cacheKey);
  memo.set(cacheKey, { slices, topology });
  // A few filters are in use at a time (the map reads everything): the oldest go.
  while (memo.size > MEMO_FILTERS) memo.delete(memo.keys().next().value!);
  return topology;
}
