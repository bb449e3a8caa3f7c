// The table view's data: a row per interface, per connection or LAG, per BGP peer, narrowed by the
// map's filters and search (the same URL, the same meaning), sorted by a column, and written as CSV.
// No React, so the rows, the order and the CSV are tested on their own. Rows hold the DTOs' fields
// only: the topology carries no secret (a peer says whether it has an auth key, never the key), and
// neither do the rows or the CSV.
import { awaitsAPerson, CONNECTION_STATE, isBroken, sessionFault } from "@/lib/dx/states";
import type {
  DxBgpPeer,
  DxConnection,
  DxLag,
  DxTopology,
  DxVirtualInterface,
} from "@/lib/dx/types";

import { scopeTopology } from "./graph";
import {
  connectionFacets,
  interfaceFacets,
  interfaceTerms,
  isEmptyQuery,
  lagFacets,
  peerFacets,
  peerTerms,
  rankMatches,
  type ParentNames,
  type Searchable,
  type SearchQuery,
} from "./query";
import { NEEDS_ATTENTION } from "./visibility";

export const TABLE_KINDS = ["interfaces", "connections", "peers"] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

/** How an interface's BGP sessions are: counts of up, down and other (unknown) sessions. */
export interface BgpSummary {
  up: number;
  down: number;
  other: number;
}

export interface InterfaceRow {
  kind: "interfaces";
  id: string;
  name: string;
  type: string;
  state: string;
  vlan: number | null;
  parentId: string | null;
  parentName: string | null;
  location: string | null;
  region: string;
  /** The owning account: its alias when it is configured, else its id. */
  owner: string;
  asn: number | null;
  amazonSideAsn: number | null;
  /** The Direct Connect gateway or virtual private gateway it uses. */
  gatewayId: string | null;
  gatewayName: string | null;
  bgp: BgpSummary;
  mtu: number | null;
  resource: DxVirtualInterface;
  search: Searchable;
}

export interface ConnectionRow {
  kind: "connections";
  id: string;
  name: string;
  /** "connection", "hosted connection", "LAG" or "LAG member". */
  type: string;
  state: string;
  bandwidth: string;
  location: string;
  region: string;
  account: string;
  ownerAccount: string;
  lagId: string | null;
  vlan: number | null;
  partner: string | null;
  /** The interfaces on it (a LAG's, not its members'). */
  interfaces: number;
  /** The types of those interfaces, for the type filter. */
  interfaceTypes: ReadonlySet<string>;
  resource: DxConnection | DxLag;
  search: Searchable;
}

export interface PeerRow {
  kind: "peers";
  id: string;
  interfaceId: string;
  interfaceName: string;
  interfaceType: string;
  state: string;
  bgpStatus: string;
  family: string;
  asn: number | null;
  amazonAddress: string | null;
  customerAddress: string | null;
  vlan: number | null;
  parentId: string | null;
  parentName: string | null;
  region: string;
  owner: string;
  hasAuthKey: boolean;
  resource: DxBgpPeer;
  vif: DxVirtualInterface;
  search: Searchable;
}

export type TableRow = InterfaceRow | ConnectionRow | PeerRow;
export type RowOf<K extends TableKind> = Extract<TableRow, { kind: K }>;

function parentNames(t: DxTopology): ParentNames {
  const names = new Map<string, string>();
  for (const c of t.connections) names.set(c.id, c.name);
  for (const l of t.lags) names.set(l.id, l.name);
  return names;
}

export function bgpSummary(peers: readonly DxBgpPeer[]): BgpSummary {
  const s = { up: 0, down: 0, other: 0 };
  for (const p of peers) {
    if (p.bgpStatus === "up") s.up++;
    else if (p.bgpStatus === "down") s.down++;
    else s.other++;
  }
  return s;
}

/** "1 down, 1 up": down first, as that is what a reader looks for; "" without peers. */
export function bgpText(s: BgpSummary): string {
  return [
    s.down ? `${s.down} down` : "",
    s.up ? `${s.up} up` : "",
    s.other ? `${s.other} unknown` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

// A poll keeps every resource that did not change as the same object (docs/architecture.md, the
// reuse chain): so does the table, row for row, so that a poll re-renders only the rows that changed.
const interfaceRowCache = new WeakMap<DxVirtualInterface, InterfaceRow>();
const peerRowCache = new WeakMap<DxBgpPeer, PeerRow>();

export function interfaceRows(t: DxTopology): InterfaceRow[] {
  const parents = parentNames(t);
  const dxgwNames = new Map(t.directConnectGateways.map((g) => [g.id, g.name]));
  return t.virtualInterfaces.map((v) => {
    const gatewayId = v.directConnectGatewayId ?? v.virtualGatewayId;
    const parentName = v.connectionId ? (parents.get(v.connectionId) ?? null) : null;
    const gatewayName = v.directConnectGatewayId
      ? (dxgwNames.get(v.directConnectGatewayId) ?? null)
      : null;
    const kept = interfaceRowCache.get(v);
    if (kept && kept.parentName === parentName && kept.gatewayName === gatewayName) return kept;
    const row: InterfaceRow = {
      kind: "interfaces",
      id: v.id,
      name: v.name,
      type: v.type,
      state: v.state,
      vlan: v.vlan,
      parentId: v.connectionId,
      parentName,
      location: v.location,
      region: v.region,
      owner: v.ownerAlias ?? v.ownerAccount,
      asn: v.asn,
      amazonSideAsn: v.amazonSideAsn,
      gatewayId,
      gatewayName,
      bgp: bgpSummary(v.bgpPeers),
      mtu: v.mtu,
      resource: v,
      search: { facets: interfaceFacets(v, parents), terms: interfaceTerms(v) },
    };
    interfaceRowCache.set(v, row);
    return row;
  });
}

export function connectionRows(t: DxTopology): ConnectionRow[] {
  const carried = new Map<string, { count: number; types: Set<string> }>();
  for (const v of t.virtualInterfaces) {
    if (!v.connectionId) continue;
    const entry = carried.get(v.connectionId) ?? { count: 0, types: new Set<string>() };
    entry.count++;
    entry.types.add(v.type);
    carried.set(v.connectionId, entry);
  }
  const none = { count: 0, types: new Set<string>() };
  const lags: ConnectionRow[] = t.lags.map((l) => {
    const c = carried.get(l.id) ?? none;
    return {
      kind: "connections",
      id: l.id,
      name: l.name,
      type: "LAG",
      state: l.state,
      bandwidth: l.bandwidth,
      location: l.location,
      region: l.region,
      account: l.account,
      ownerAccount: l.ownerAccount,
      lagId: null,
      vlan: null,
      partner: null,
      interfaces: c.count,
      interfaceTypes: c.types,
      resource: l,
      search: { facets: lagFacets(l), terms: [l.id, l.name] },
    };
  });
  const connections: ConnectionRow[] = t.connections.map((x) => {
    const c = carried.get(x.id) ?? none;
    return {
      kind: "connections",
      id: x.id,
      name: x.name,
      type: x.lagId ? "LAG member" : x.partnerName !== null ? "hosted connection" : "connection",
      state: x.state,
      bandwidth: x.bandwidth,
      location: x.location,
      region: x.region,
      account: x.account,
      ownerAccount: x.ownerAccount,
      lagId: x.lagId,
      vlan: x.vlan,
      partner: x.partnerName,
      interfaces: c.count,
      interfaceTypes: c.types,
      resource: x,
      search: {
        facets: connectionFacets(x),
        terms: [x.id, x.name, String(x.vlan ?? "")],
      },
    };
  });
  return [...connections, ...lags];
}

export function peerRows(t: DxTopology): PeerRow[] {
  const parents = parentNames(t);
  const rows: PeerRow[] = [];
  for (const v of t.virtualInterfaces) {
    const parentName = v.connectionId ? (parents.get(v.connectionId) ?? null) : null;
    for (const p of v.bgpPeers) {
      const kept = peerRowCache.get(p);
      if (kept && kept.vif === v && kept.parentName === parentName) {
        rows.push(kept);
        continue;
      }
      const row: PeerRow = {
        kind: "peers",
        id: p.id,
        interfaceId: v.id,
        interfaceName: v.name,
        interfaceType: v.type,
        state: p.state,
        bgpStatus: p.bgpStatus,
        family: p.addressFamily,
        asn: p.asn,
        amazonAddress: p.amazonAddress,
        customerAddress: p.customerAddress,
        vlan: v.vlan,
        parentId: v.connectionId,
        parentName,
        region: v.region,
        owner: v.ownerAlias ?? v.ownerAccount,
        hasAuthKey: p.hasAuthKey,
        resource: p,
        vif: v,
        search: { facets: peerFacets(p, v, parents), terms: peerTerms(p) },
      };
      peerRowCache.set(p, row);
      rows.push(row);
    }
  }
  return rows;
}

/** The map's filters, as the URL carries them (accounts=, regions=, states=, types=). */
export interface TableFilter {
  accounts: readonly string[];
  regions: readonly string[];
  states: readonly string[];
  types: readonly string[];
}

const attentionState = (s: string) => awaitsAPerson(s) || isBroken(s);
const peerNeedsAttention = (p: DxBgpPeer, vif: DxVirtualInterface) =>
  attentionState(p.state) || sessionFault(p, vif);

/**
 * Whether a row is in one of the states chosen: its own state; an interface's also when one of its
 * peers' is (as the map shows an interface whose peer matches); a peer's state or its session's.
 * "Needs attention" as the map counts it (lib/topology/visibility.ts).
 */
function inStates(row: TableRow, states: readonly string[]): boolean {
  const attention = states.includes(NEEDS_ATTENTION);
  switch (row.kind) {
    case "interfaces": {
      const v = row.resource;
      return (
        (attention &&
          (attentionState(v.state) || v.bgpPeers.some((p) => peerNeedsAttention(p, v)))) ||
        states.includes(v.state) ||
        v.bgpPeers.some((p) => states.includes(p.state) || states.includes(p.bgpStatus))
      );
    }
    case "peers":
      return (
        (attention && peerNeedsAttention(row.resource, row.vif)) ||
        states.includes(row.state) ||
        states.includes(row.bgpStatus)
      );
    case "connections":
      return (
        // A hosted connection its owner declined is rejected, as asked: nothing more to do with it.
        (attention && attentionState(row.state) && row.state !== CONNECTION_STATE.rejected) ||
        states.includes(row.state)
      );
  }
}

/** Interfaces and peers by their interface's type; a connection or LAG when it carries one of them. */
function ofTypes(row: TableRow, types: readonly string[]): boolean {
  switch (row.kind) {
    case "interfaces":
      return types.includes(row.type);
    case "peers":
      return types.includes(row.interfaceType);
    case "connections":
      return types.some((t) => row.interfaceTypes.has(t));
  }
}

const BUILDERS: { [K in TableKind]: (t: DxTopology) => RowOf<K>[] } = {
  interfaces: interfaceRows,
  connections: connectionRows,
  peers: peerRows,
};

/**
 * The rows of a kind that the filters and the query keep, best matches first. Accounts and regions
 * scope the topology as the map does (scopeTopology: an interface seen by a chosen account, with the
 * connection under it); an empty query keeps every row.
 */
export function tableRows<K extends TableKind>(
  topology: DxTopology,
  kind: K,
  filter: TableFilter,
  query: SearchQuery,
): RowOf<K>[] {
  const scoped = scopeTopology(topology, [...filter.accounts], [...filter.regions]);
  let rows = BUILDERS[kind](scoped) as RowOf<K>[];
  if (filter.states.length > 0) rows = rows.filter((r) => inStates(r, filter.states));
  if (filter.types.length > 0) rows = rows.filter((r) => ofTypes(r, filter.types));
  return isEmptyQuery(query) ? rows : rankMatches(rows, query, (r) => r.search);
}

// Columns: what each shows as text (the CSV's cell) and sorts on.

export type CellValue = string | number | null;

export interface Column<R> {
  key: string;
  label: string;
  /** The cell as text or a number; null when AWS reports nothing. */
  value: (row: R) => CellValue;
  /** What the column sorts on, when not its value (BGP: by sessions down). */
  sortValue?: (row: R) => CellValue;
  numeric?: boolean;
}

export const INTERFACE_COLUMNS: Column<InterfaceRow>[] = [
  { key: "name", label: "Name", value: (r) => r.name },
  { key: "id", label: "Id", value: (r) => r.id },
  { key: "type", label: "Type", value: (r) => r.type },
  { key: "state", label: "State", value: (r) => r.state },
  { key: "vlan", label: "VLAN", value: (r) => r.vlan, numeric: true },
  {
    key: "connection",
    label: "Connection / LAG",
    value: (r) => r.parentName ?? r.parentId,
  },
  { key: "location", label: "Location", value: (r) => r.location },
  { key: "region", label: "Region", value: (r) => r.region },
  { key: "owner", label: "Owner", value: (r) => r.owner },
  { key: "asn", label: "ASN", value: (r) => r.asn, numeric: true },
  { key: "gateway", label: "Gateway", value: (r) => r.gatewayName ?? r.gatewayId },
  {
    key: "bgp",
    label: "BGP",
    value: (r) => bgpText(r.bgp) || null,
    sortValue: (r) => r.bgp.down * 1e6 + r.bgp.other * 1e3 - r.bgp.up,
  },
  { key: "mtu", label: "MTU", value: (r) => r.mtu, numeric: true },
];

export const CONNECTION_COLUMNS: Column<ConnectionRow>[] = [
  { key: "name", label: "Name", value: (r) => r.name },
  { key: "id", label: "Id", value: (r) => r.id },
  { key: "type", label: "Type", value: (r) => r.type },
  { key: "state", label: "State", value: (r) => r.state },
  { key: "bandwidth", label: "Bandwidth", value: (r) => r.bandwidth },
  { key: "location", label: "Location", value: (r) => r.location },
  { key: "region", label: "Region", value: (r) => r.region },
  { key: "account", label: "Account", value: (r) => r.account },
  { key: "ownerAccount", label: "Owner", value: (r) => r.ownerAccount },
  { key: "lag", label: "LAG", value: (r) => r.lagId },
  { key: "vlan", label: "VLAN", value: (r) => r.vlan, numeric: true },
  { key: "partner", label: "Partner", value: (r) => r.partner },
  { key: "interfaces", label: "Interfaces", value: (r) => r.interfaces, numeric: true },
];

export const PEER_COLUMNS: Column<PeerRow>[] = [
  { key: "id", label: "Peer", value: (r) => r.id },
  { key: "interface", label: "Interface", value: (r) => r.interfaceName },
  { key: "state", label: "State", value: (r) => r.state },
  { key: "bgpStatus", label: "BGP", value: (r) => r.bgpStatus },
  { key: "family", label: "Family", value: (r) => r.family },
  { key: "asn", label: "ASN", value: (r) => r.asn, numeric: true },
  { key: "amazonAddress", label: "Amazon address", value: (r) => r.amazonAddress },
  { key: "customerAddress", label: "Customer address", value: (r) => r.customerAddress },
  { key: "vlan", label: "VLAN", value: (r) => r.vlan, numeric: true },
  { key: "connection", label: "Connection / LAG", value: (r) => r.parentName ?? r.parentId },
  { key: "region", label: "Region", value: (r) => r.region },
  { key: "owner", label: "Owner", value: (r) => r.owner },
  { key: "authKey", label: "Auth key", value: (r) => (r.hasAuthKey ? "set" : "none") },
];

export const COLUMNS: { [K in TableKind]: Column<RowOf<K>>[] } = {
  interfaces: INTERFACE_COLUMNS,
  connections: CONNECTION_COLUMNS,
  peers: PEER_COLUMNS,
};

export type SortDirection = "asc" | "desc";

/**
 * Compares text as a person reads it: case aside, and runs of digits by their value, so conn-2
 * comes before conn-10 and 169.254.2.1 before 169.254.10.1. No Intl (lib/dx/format.ts says why).
 */
export function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const cx = x.charCodeAt(i);
    const cy = y.charCodeAt(j);
    const dx = cx >= 48 && cx <= 57;
    const dy = cy >= 48 && cy <= 57;
    if (dx && dy) {
      let ei = i;
      let ej = j;
      while (ei < x.length && x.charCodeAt(ei) >= 48 && x.charCodeAt(ei) <= 57) ei++;
      while (ej < y.length && y.charCodeAt(ej) >= 48 && y.charCodeAt(ej) <= 57) ej++;
      // Leading zeros aside, the longer run is the larger number; of equal length, the first digit that differs.
      const nx = x.slice(i, ei).replace(/^0+(?=\d)/, "");
      const ny = y.slice(j, ej).replace(/^0+(?=\d)/, "");
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
      i = ei;
      j = ej;
    } else {
      if (cx !== cy) return cx - cy;
      i++;
      j++;
    }
  }
  return x.length - i - (y.length - j) || (a < b ? -1 : a > b ? 1 : 0);
}

function compareValues(a: CellValue, b: CellValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return compareText(String(a), String(b));
}

/**
 * Rows sorted by a column, stable (rows that tie keep their order: the best matches first). Empty
 * cells go last whichever the direction: what is missing is not the smallest or the largest.
 */
export function sortRows<R>(rows: readonly R[], column: Column<R>, direction: SortDirection): R[] {
  const key = column.sortValue ?? column.value;
  const sign = direction === "asc" ? 1 : -1;
  const keyed = rows.map((row, index) => ({ row, index, v: key(row) }));
  keyed.sort((a, b) => {
    const ea = a.v === null || a.v === "";
    const eb = b.v === null || b.v === "";
    if (ea || eb) return ea === eb ? a.index - b.index : ea ? 1 : -1;
    return sign * compareValues(a.v, b.v) || a.index - b.index;
  });
  return keyed.map((k) => k.row);
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote, a line break or leading or trailing
 * space, its quotes doubled. Text that a spreadsheet would run as a formula (=, +, -, @, a tab or a
 * carriage return first: names are chosen by whoever created the resource) gets a leading ' so that
 * it opens as text; numbers are written as they are.
 */
export function csvCell(value: CellValue): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV, a header of the columns' labels first, lines ended by CRLF (RFC 4180). */
export function toCsv<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
