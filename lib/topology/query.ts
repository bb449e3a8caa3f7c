// The search language of the map and the table: free text, as the map always took it (an id, a
// name, a VLAN, an ASN, a peer's address), and qualifiers that narrow it: `vlan:104
// conn:dx-eirdb1-278 region:eu-west-1`. One parser and one matcher, so a query means the same in
// both places and in a shared URL (q=).
//
// - Qualifiers combine with AND; the same qualifier twice, or a comma list (`region:us-east-1,eu-west-1`),
//   means any of its values. Keys and values are case-insensitive; quotes are optional and needed
//   only for a value with spaces (`conn:"Main link"`).
// - Each value matches exactly (a VLAN is a number, `conn:` a connection's or LAG's id or name, not a
//   part of one). Free text keeps its meaning: an exact term first, then a part of one.
// - A qualifier a kind of resource lacks excludes it: `vlan:104` finds no gateway.
// - `state:` matches a resource's own state, an interface's also when one of its BGP peers' does
//   (the peer's state or its session's): `state:down` finds the interfaces with a session down.
//   What a peer is on (its interface's VLAN, connection, account, region, location and type) is its
//   too, so the table's BGP peers narrow as its interfaces do.
import type {
  DxBgpPeer,
  DxConnection,
  DxDirectConnectGateway,
  DxGatewayAssociation,
  DxLag,
  DxVirtualGateway,
  DxVirtualInterface,
} from "@/lib/dx/types";

export const QUALIFIERS = [
  "vlan",
  "conn",
  "asn",
  "state",
  "account",
  "region",
  "location",
  "type",
] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

/** Qualifiers whose values are numbers. */
const NUMERIC: ReadonlySet<Qualifier> = new Set(["vlan", "asn"]);

/** A parsed query: each qualifier's allowed values (any of them), and the free text (lower case). */
export interface SearchQuery {
  qualifiers: Partial<Record<Qualifier, string[]>>;
  text: string;
}

export type ParsedQuery = { ok: true; query: SearchQuery } | { ok: false; error: string };

export const EMPTY_QUERY: SearchQuery = { qualifiers: {}, text: "" };

const QUALIFIER_LIST = QUALIFIERS.map((q) => `${q}:`).join(", ");

/** Whether a query asks for anything: an empty one matches nothing on the map and everything in the table. */
export const isEmptyQuery = (q: SearchQuery) =>
  q.text === "" && Object.keys(q.qualifiers).length === 0;

/** The words of a query, a quoted run (`"a b"`, `conn:"a b"`) kept as one, its quotes dropped. */
function tokens(input: string): { text: string; quotedFirst: boolean }[] {
  const out: { text: string; quotedFirst: boolean }[] = [];
  let current: { text: string; quotedFirst: boolean } | null = null;
  let inQuotes = false;
  for (const ch of input) {
    if (ch === '"') {
      current ??= { text: "", quotedFirst: true };
      inQuotes = !inQuotes;
    } else if (!inQuotes && /\s/.test(ch)) {
      if (current) out.push(current);
      current = null;
    } else {
      current ??= { text: "", quotedFirst: false };
      current.text += ch;
    }
  }
  if (current) out.push(current);
  return out;
}

// An IPv6 address (a peer's, with or without its prefix) has two colons or more and is free text:
// `fd00:1::2` is not a qualifier "fd00".
const IPV6_LIKE = /^[0-9a-f:.]*:[0-9a-f.]*:[0-9a-f:.]*(\/\d+)?$/i;
const QUALIFIER_TOKEN = /^([a-z]+):(.*)$/is;

/** Parses a query; an unknown qualifier or a value of the wrong kind is an error to show. */
export function parseQuery(input: string): ParsedQuery {
  const qualifiers: Partial<Record<Qualifier, string[]>> = {};
  const words: string[] = [];
  for (const token of tokens(input)) {
    // A token quoted from its first character is free text, colon or not.
    const m = token.quotedFirst ? null : QUALIFIER_TOKEN.exec(token.text);
    if (!m || IPV6_LIKE.test(token.text)) {
      if (token.text) words.push(token.text);
      continue;
    }
    const key = m[1]!.toLowerCase();
    if (!(QUALIFIERS as readonly string[]).includes(key))
      return {
        ok: false,
        error: `Unknown qualifier "${key}:" — use ${QUALIFIER_LIST}`,
      };
    const qualifier = key as Qualifier;
    const values = m[2]!
      .split(",")
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean);
    if (values.length === 0)
      return { ok: false, error: `"${key}:" needs a value, e.g. ${example(qualifier)}` };
    if (NUMERIC.has(qualifier)) {
      const bad = values.find((v) => !/^\d+$/.test(v));
      if (bad !== undefined)
        return {
          ok: false,
          error: `"${key}:" takes a number, not "${bad}" (e.g. ${example(qualifier)})`,
        };
    }
    // Numbers as AWS reports them: vlan:0104 is VLAN 104.
    const normalised = NUMERIC.has(qualifier) ? values.map((v) => String(Number(v))) : values;
    qualifiers[qualifier] = [...(qualifiers[qualifier] ?? []), ...normalised];
  }
  return { ok: true, query: { qualifiers, text: words.join(" ").toLowerCase() } };
}

function example(q: Qualifier): string {
  switch (q) {
    case "vlan":
      return "vlan:104";
    case "asn":
      return "asn:65000";
    case "conn":
      return "conn:dxcon-fh1234ab";
    case "state":
      return "state:down";
    case "account":
      return "account:network";
    case "region":
      return "region:eu-west-1";
    case "location":
      return "location:EqDC2";
    case "type":
      return "type:private";
  }
}

/**
 * What a resource offers each qualifier, in lower case (absent: the qualifier excludes it), and the
 * terms its free text is matched against.
 */
export interface Searchable {
  facets: Partial<Record<Qualifier, readonly string[]>>;
  terms: readonly string[];
}

/** How well a resource matches: 0 exactly (or by qualifiers alone), 1 by a part of a term; null not at all. */
export function matchRank(query: SearchQuery, item: Searchable): 0 | 1 | null {
  for (const key in query.qualifiers) {
    const wanted = query.qualifiers[key as Qualifier]!;
    const has = item.facets[key as Qualifier];
    if (!has || !has.some((v) => wanted.includes(v))) return null;
  }
  if (query.text === "") return 0;
  let partial = false;
  for (const term of item.terms) {
    const t = term.toLowerCase();
    if (t === query.text) return 0;
    if (!partial && t.includes(query.text)) partial = true;
  }
  return partial ? 1 : null;
}

/** Items matching a query: exact matches first, then partial ones, each in the order given. */
export function rankMatches<T>(
  items: readonly T[],
  query: SearchQuery,
  searchable: (item: T) => Searchable,
): T[] {
  const exact: T[] = [];
  const partial: T[] = [];
  for (const item of items) {
    const rank = matchRank(query, searchable(item));
    if (rank === 0) exact.push(item);
    else if (rank === 1) partial.push(item);
  }
  return partial.length === 0 ? exact : [...exact, ...partial];
}

// The facets of each kind of resource. Lower case throughout; numbers as decimal strings.

const lower = (values: readonly (string | number | null | undefined)[]): string[] => {
  const out: string[] = [];
  for (const v of values)
    if (v !== null && v !== undefined && v !== "") out.push(String(v).toLowerCase());
  return out;
};

/** A connection's or LAG's name by id, for `conn:` by name on what they carry. */
export type ParentNames = ReadonlyMap<string, string>;

/** A peer's address as typed matches exactly with or without its prefix. */
export function peerAddressTerms(p: DxBgpPeer): string[] {
  return [p.amazonAddress, p.customerAddress].flatMap((a) => (a ? [a, a.split("/")[0]!] : []));
}

export function interfaceFacets(v: DxVirtualInterface, parents: ParentNames): Searchable["facets"] {
  return {
    vlan: lower([v.vlan]),
    conn: lower([v.connectionId, v.connectionId ? parents.get(v.connectionId) : null]),
    asn: lower([v.asn, v.amazonSideAsn, ...v.bgpPeers.map((p) => p.asn)]),
    state: lower([v.state, ...v.bgpPeers.flatMap((p) => [p.state, p.bgpStatus])]),
    account: lower([...v.visibleTo, v.ownerAlias, v.ownerAccount]),
    region: lower([v.region]),
    location: lower([v.location]),
    type: lower([v.type, "interface"]),
  };
}

export function interfaceTerms(v: DxVirtualInterface): string[] {
  return [v.id, v.name, `vlan ${v.vlan ?? ""}`, String(v.vlan ?? ""), String(v.asn ?? "")];
}

export function peerFacets(
  p: DxBgpPeer,
  v: DxVirtualInterface,
  parents: ParentNames,
): Searchable["facets"] {
  const of = interfaceFacets(v, parents);
  return {
    ...of,
    asn: lower([p.asn]),
    state: lower([p.state, p.bgpStatus]),
    type: lower([v.type, "peer"]),
  };
}

export function peerTerms(p: DxBgpPeer): string[] {
  return [p.id, String(p.asn ?? ""), ...peerAddressTerms(p)];
}

export function connectionFacets(c: DxConnection): Searchable["facets"] {
  return {
    vlan: lower([c.vlan]),
    conn: lower([c.id, c.name, c.lagId]),
    state: lower([c.state]),
    account: lower([c.account, c.ownerAccount]),
    region: lower([c.region]),
    location: lower([c.location]),
    type: lower([c.lagId ? "member" : "connection", c.partnerName !== null ? "hosted" : null]),
  };
}

export function lagFacets(l: DxLag): Searchable["facets"] {
  return {
    conn: lower([l.id, l.name]),
    state: lower([l.state]),
    account: lower([l.account, l.ownerAccount]),
    region: lower([l.region]),
    location: lower([l.location]),
    type: lower(["lag"]),
  };
}

/** A Direct Connect gateway is global: no region, location or VLAN. */
export function directConnectGatewayFacets(g: DxDirectConnectGateway | null): Searchable["facets"] {
  return {
    asn: lower([g?.amazonSideAsn]),
    state: lower([g?.state]),
    account: lower([g?.account, g?.ownerAccount]),
    type: lower(["dxgw", "gateway"]),
  };
}

export function virtualGatewayFacets(g: DxVirtualGateway | null): Searchable["facets"] {
  return {
    state: lower([g?.state]),
    account: lower([g?.account]),
    region: lower([g?.region]),
    type: lower(["vgw", "gateway"]),
  };
}

/**
 * A gateway associated with Direct Connect gateways: the associations' states, its owner (alias and
 * account id) and region; `type:tgw` or `type:vgw`.
 */
export function associatedGatewayFacets(
  associations: readonly DxGatewayAssociation[],
  account: string,
): Searchable["facets"] {
  const first = associations[0];
  const type = first?.associatedGatewayType;
  return {
    state: lower(associations.map((a) => a.state)),
    account: lower([account, first?.associatedGatewayOwnerAccount]),
    region: lower([first?.associatedGatewayRegion]),
    type: lower([
      type === "transitGateway" ? "tgw" : type === "virtualPrivateGateway" ? "vgw" : null,
      "gateway",
      "associated",
    ]),
  };
}
