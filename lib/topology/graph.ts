// API data → graph: nodes keyed by AWS id, edges connection → interface → peer and interface →
// gateway (and LAG member → LAG, and Direct Connect gateway → the gateways associated with it), laid
// out left to right in columns by a linear-time method.
// No React, no I/O, so it is tested and benchmarked on its own.
//
// The layout reads only structure (which interface is on which connection, which peers it has, which
// gateway it uses, which gateways a Direct Connect gateway is associated with, names, VLANs, ids),
// never states: a state change repaints a badge and moves nothing.
// buildGraph does not even lay out again then: it keeps the last layout and replaces only the nodes
// whose resources changed.

import { replacedPlaces } from "@/lib/dx/replaced";
import { UNKNOWN_STATE } from "@/lib/dx/states";
import type {
  DxBgpPeer,
  DxConnection,
  DxDirectConnectGateway,
  DxGatewayAssociation,
  DxLag,
  DxTopology,
  DxVirtualGateway,
  DxVirtualInterface,
} from "@/lib/dx/types";

import {
  associatedGatewayFacets,
  connectionFacets,
  directConnectGatewayFacets,
  interfaceFacets,
  interfaceTerms,
  isEmptyQuery,
  lagFacets,
  parseQuery,
  peerFacets,
  peerTerms,
  rankMatches,
  virtualGatewayFacets,
  type ParentNames,
  type Searchable,
  type SearchQuery,
} from "./query";

export type NodeKind =
  "member" | "connection" | "lag" | "vif" | "peer" | "dxgw" | "vgw" | "associated";

/** What each node shows; `resource` is the DTO (absent for a placeholder of something dxmap cannot read). */
export type GraphNodeData =
  | { kind: "member"; resource: DxConnection }
  | { kind: "connection"; resource: DxConnection | null; id: string }
  | { kind: "lag"; resource: DxLag }
  | { kind: "vif"; resource: DxVirtualInterface }
  | { kind: "peer"; resource: DxBgpPeer; vif: DxVirtualInterface }
  | { kind: "dxgw"; resource: DxDirectConnectGateway | null; id: string }
  | { kind: "vgw"; resource: DxVirtualGateway | null; id: string }
  /**
   * A transit gateway or virtual private gateway associated with Direct Connect gateways on the map,
   * with those associations (one per Direct Connect gateway).
   */
  | {
      kind: "associated";
      id: string;
      associations: DxGatewayAssociation[];
      /** Its owner's alias when a configured account owns it, else the account id. */
      owner: string;
    };

export interface GraphNode {
  id: string;
  data: GraphNodeData;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Account alias and region the node belongs to, for filters ("" for global or unknown). */
  account: string;
  region: string;
  /** The state shown on its badge. */
  state: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: "member" | "interface" | "peer" | "gateway" | "association";
  /**
   * An interface's edge to its gateway is drawn around the peer column, not through it: it turns at
   * `bendX` (just past the interface), runs along `laneY` (a gap between peer rows) to the channel
   * before the gateways, down (or up) that channel at `trunkX` (one lane per gateway, so neighbouring
   * gateways' lines do not merge) and across to the gateway.
   *
   * A Direct Connect gateway's edge to an associated gateway has the same shape with `bendX` and
   * `trunkX` both on its lane in the channel right of the gateways, and `laneY` level with the Direct
   * Connect gateway: out of its side, along the lane, and into the associated gateway.
   */
  route?: { bendX: number; laneY: number; trunkX: number };
}

/**
 * The connections and LAGs of one region and owning account, with their interfaces and the gateways
 * they use: a band of the map, labelled. A virtual private gateway sits in a band of its own region; a
 * Direct Connect gateway (global) in the band holding most of its interfaces. Gateways no interface
 * uses sit in their region's band, or in a band of their own at the end: region `global` for Direct
 * Connect gateways.
 */
export interface GraphGroup {
  region: string;
  account: string;
  /** Top of the band's first row, and the bottom of its last. */
  y: number;
  bottom: number;
  connections: number;
  lags: number;
  interfaces: number;
  gateways: number;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
  /** Where the columns left of the gateways end (a group's band spans [0, width], gateways included). */
  groupsWidth: number;
  width: number;
  height: number;
}

export const SIZE: Record<NodeKind, { width: number; height: number }> = {
  member: { width: 200, height: 96 },
  connection: { width: 240, height: 104 },
  lag: { width: 240, height: 104 },
  vif: { width: 260, height: 120 },
  peer: { width: 290, height: 112 },
  dxgw: { width: 240, height: 96 },
  vgw: { width: 240, height: 96 },
  associated: { width: 240, height: 96 },
};

/** Between the member, connection, interface and peer columns. */
const COLUMN_GAP = 64;
/** Gateway edges run down a channel between the peers and the gateways, one lane per gateway (cycling). */
const GATEWAY_LANES = 6;
const LANE_PITCH = 10;
const CHANNEL_MARGIN = 16;
/** The width of the channel between the peers and the gateways, and of the one after the gateways. */
const CHANNEL = 2 * CHANNEL_MARGIN + (GATEWAY_LANES - 1) * LANE_PITCH;
/** Each column's left edge, with the LAG members' column; without LAG members the map starts at the connections. */
const COLUMN_X = (() => {
  const connection = SIZE.member.width + COLUMN_GAP / 2;
  const vif = connection + SIZE.connection.width + COLUMN_GAP;
  const peer = vif + SIZE.vif.width + COLUMN_GAP;
  const gateway = peer + SIZE.peer.width + CHANNEL;
  return {
    member: 0,
    connection,
    lag: connection,
    vif,
    peer,
    dxgw: gateway,
    vgw: gateway,
    // The map's right edge, as Network Manager draws what a Direct Connect gateway leads to.
    associated: gateway + SIZE.dxgw.width + CHANNEL,
  } satisfies Record<NodeKind, number>;
})();
/** Vertical pitch of one interface/peer row, and gaps. */
const ROW = 136;
const MEMBER_ROW = 112;
const BLOCK_GAP = 32;
/** Between two regions' or accounts' bands: room for the next band's label. */
const GROUP_GAP = 112;
/** Above the first band: its label. */
const TOP = 48;
const GATEWAY_GAP = 24;
/** The region of the band that holds Direct Connect gateways (global resources) no interface uses. */
export const GLOBAL_REGION = "global";
/** The gap between an interface's first peer row and the next row, where its gateway edge runs. */
const LANE_BELOW_ROW = ROW - (ROW - SIZE.peer.height) / 2;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Adds `item` to the list under `key`. */
function push<K, T>(map: Map<K, T[]>, key: K, item: T) {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/**
 * The name of the User Timing measure the map records for each graph it builds (only the latest is
 * kept): DevTools' Performance panel shows it under Timings, and the bench reads the first load's.
 */
export const GRAPH_MEASURE = "dxmap:graph";
/**
 * Marked in the page's performance timeline when the map asks for React Flow's code, once its first
 * frame is on screen (components/graph/graph-canvas.tsx); the bench's first load ends there at latest.
 */
export const FLOW_REQUESTED_MARK = "dxmap:react-flow-requested";

/** The last graph buildGraph returned and the topology it came from. */
let last: { topology: DxTopology; graph: Graph } | undefined;

/**
 * The graph of a topology: layoutGraph's result, reusing the last layout when only states changed.
 * Then the graph keeps its edges (the same array), the nodes whose resources are the same objects
 * as before (as React Query's structural sharing keeps them) and every position; only the nodes of
 * changed resources are new objects. Equal, node for node, to what layoutGraph would build.
 */
export function buildGraph(topology: DxTopology): Graph {
  const graph =
    (last && withNewStates(last.topology, last.graph, topology)) ?? layoutGraph(topology);
  last = { topology, graph };
  return graph;
}

/**
 * Lays out the graph of a topology. Linear in the number of resources, apart from sorting siblings
 * (connections within a region and account, interfaces within a connection, gateways by position).
 */
export function layoutGraph(topology: DxTopology): Graph {
  const regionRank = new Map(topology.regions.map((r, i) => [r, i]));
  const accountRank = new Map(topology.accounts.map((a, i) => [a.alias, i]));
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const nodeIds = new Set<string>();
  const add = (node: GraphNode) => {
    if (nodeIds.has(node.id)) return false;
    nodeIds.add(node.id);
    nodes.push(node);
    return true;
  };

  // Parents: LAGs, connections that are not LAG members, and placeholders for connections an
  // interface names but dxmap cannot read (its owner is not a configured account).
  const lagIds = new Set(topology.lags.map((l) => l.id));
  const membersByLag = new Map<string, DxConnection[]>();
  const parents: {
    id: string;
    kind: "connection" | "lag";
    resource: DxConnection | DxLag | null;
    account: string;
    region: string;
    sortKey: string;
  }[] = [];
  for (const c of topology.connections) {
    if (c.lagId && lagIds.has(c.lagId)) {
      const list = membersByLag.get(c.lagId) ?? [];
      list.push(c);
      membersByLag.set(c.lagId, list);
    } else {
      parents.push({
        id: c.id,
        kind: "connection",
        resource: c,
        account: c.account,
        region: c.region,
        sortKey: `${c.location}\u0000${c.name}\u0000${c.id}`,
      });
    }
  }
  for (const l of topology.lags) {
    parents.push({
      id: l.id,
      kind: "lag",
      resource: l,
      account: l.account,
      region: l.region,
      sortKey: `${l.location}\u0000${l.name}\u0000${l.id}`,
    });
  }
  const known = new Set(parents.map((p) => p.id));
  const vifsByParent = new Map<string, DxVirtualInterface[]>();
  for (const v of topology.virtualInterfaces) {
    const parentId = v.connectionId ?? `unknown-connection-${v.id}`;
    if (!known.has(parentId)) {
      known.add(parentId);
      parents.push({
        id: parentId,
        kind: "connection",
        resource: null,
        account: v.account,
        region: v.region,
        sortKey: `\uffff${parentId}`,
      });
    }
    const list = vifsByParent.get(parentId) ?? [];
    list.push(v);
    vifsByParent.set(parentId, list);
  }
  parents.sort(
    (a, b) =>
      (regionRank.get(a.region) ?? 99) - (regionRank.get(b.region) ?? 99) ||
      (accountRank.get(a.account) ?? 99) - (accountRank.get(b.account) ?? 99) ||
      byText(a.sortKey, b.sortKey),
  );

  // Without LAG members, their column is left out and the map starts at the connections.
  const left = [...membersByLag.values()].some((m) => m.length > 0) ? 0 : COLUMN_X.connection;
  const col = (kind: NodeKind) => COLUMN_X[kind] - left;

  // Which band each gateway sits in. A band is a run of parents of one region and owning account;
  // a gateway's is the one holding most of the interfaces that use it (the first on a tie), so a
  // virtual private gateway, whose interfaces are all in its region, is always in a band of its region.
  const bands: { region: string; account: string }[] = [];
  const parentBand = parents.map((p) => {
    const last = bands[bands.length - 1];
    if (!last || last.region !== p.region || last.account !== p.account)
      bands.push({ region: p.region, account: p.account });
    return bands.length - 1;
  });
  interface BandGateway {
    id: string;
    kind: "dxgw" | "vgw";
    account: string;
    region: string;
    /** The rows of its interfaces in its band; empty for a gateway no interface uses. */
    ys: number[];
  }
  const gatewayHome = new Map<string, { band: number; uses: Map<number, number> }>();
  const homed = new Map<string, BandGateway>();
  parents.forEach((p, i) => {
    for (const v of vifsByParent.get(p.id) ?? [])
      for (const [id, kind] of [
        [v.virtualGatewayId, "vgw"],
        [v.directConnectGatewayId, "dxgw"],
      ] as const) {
        if (!id) continue;
        let home = gatewayHome.get(id);
        if (!home) {
          home = { band: parentBand[i]!, uses: new Map() };
          gatewayHome.set(id, home);
          homed.set(id, {
            id,
            kind,
            account: v.ownerAlias ?? v.account,
            region: kind === "vgw" ? v.region : "",
            ys: [],
          });
        }
        const n = (home.uses.get(parentBand[i]!) ?? 0) + 1;
        home.uses.set(parentBand[i]!, n);
        if (n > (home.uses.get(home.band) ?? 0)) home.band = parentBand[i]!;
      }
  });
  const gatewaysOfBand: BandGateway[][] = bands.map(() => []);
  for (const [id, home] of gatewayHome) gatewaysOfBand[home.band]!.push(homed.get(id)!);

  // The associations of the Direct Connect gateways on the map, by Direct Connect gateway and by
  // associated gateway (each association once, the first of an id). An associated gateway is one
  // node however many Direct Connect gateways it is associated with; one an interface also uses
  // directly (a virtual private gateway) stays where its interfaces reach it, in the gateway column.
  const dxgwIds = new Set(topology.directConnectGateways.map((g) => g.id));
  const associationsOfDxgw = new Map<string, DxGatewayAssociation[]>();
  const associationsOfGateway = new Map<string, DxGatewayAssociation[]>();
  const associationIds = new Set<string>();
  for (const a of topology.directConnectGatewayAssociations) {
    const onMap =
      dxgwIds.has(a.directConnectGatewayId) || homed.get(a.directConnectGatewayId)?.kind === "dxgw";
    if (associationIds.has(a.id) || !onMap) continue;
    associationIds.add(a.id);
    push(associationsOfDxgw, a.directConnectGatewayId, a);
    push(associationsOfGateway, a.associatedGatewayId, a);
  }
  for (const list of associationsOfDxgw.values())
    list.sort((a, b) => byText(a.associatedGatewayId, b.associatedGatewayId));
  // Gateways no interface uses: a virtual private gateway in its region's band (its own account's if
  // there is one), else in a band of its own; a Direct Connect gateway in a "global" band of its account.
  const unused = [
    ...topology.virtualGateways
      .filter((g) => !gatewayHome.has(g.id) && !associationsOfGateway.has(g.id))
      .map((g) => ({ id: g.id, kind: "vgw" as const, account: g.account, region: g.region })),
    ...topology.directConnectGateways
      .filter((g) => !gatewayHome.has(g.id))
      .map((g) => ({ id: g.id, kind: "dxgw" as const, account: g.account, region: "" })),
  ];
  const rank = (g: { kind: string; account: string; region: string; id: string }) =>
    [
      g.kind === "vgw" ? 0 : 1,
      g.kind === "vgw" ? (regionRank.get(g.region) ?? 99) : 0,
      accountRank.get(g.account) ?? 99,
    ] as const;
  unused.sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2] || byText(a.id, b.id);
  });
  /** A band of the region: the account's, else (when `anyAccount`) any, else a new one at the end. */
  const regionBand = (region: string, account: string, anyAccount: boolean) => {
    let band = bands.findIndex((b) => b.region === region && b.account === account);
    if (band < 0 && anyAccount) band = bands.findIndex((b) => b.region === region);
    if (band < 0) {
      bands.push({ region, account });
      gatewaysOfBand.push([]);
      band = bands.length - 1;
    }
    return band;
  };
  const dxgwBand = new Map<string, number>();
  for (const [id, home] of gatewayHome)
    if (homed.get(id)!.kind === "dxgw") dxgwBand.set(id, home.band);
  for (const g of unused) {
    const band = regionBand(
      g.kind === "vgw" ? g.region : GLOBAL_REGION,
      g.account,
      g.kind === "vgw",
    );
    gatewaysOfBand[band]!.push({ ...g, ys: [] });
    if (g.kind === "dxgw") dxgwBand.set(g.id, band);
  }

  // Where each associated gateway sits, right of the gateways: beside the first Direct Connect gateway
  // it hangs from whose band is of the gateway's region; a regional gateway none of whose Direct
  // Connect gateways is in a band of its region goes to a band of its region (its owner's if there is
  // one), under those beside their Direct Connect gateways, as a gateway no interface uses goes to its
  // region's band: never in an unrelated region's band.
  const besideDxgw = new Map<string, string[]>();
  const inBand = new Map<number, string[]>();
  const aliases = new Map(topology.accounts.map((a) => [a.accountId, a.alias]));
  /** Its owner's alias when a configured account owns it, else the account id. */
  const ownerOf = (a: DxGatewayAssociation) => {
    const id = a.associatedGatewayOwnerAccount;
    return (id && aliases.get(id)) ?? id ?? "";
  };
  for (const [id, list] of associationsOfGateway) {
    if (gatewayHome.has(id)) continue;
    const region = list[0]!.associatedGatewayRegion;
    let anchor: { dxgw: string; band: number } | undefined;
    for (const a of list) {
      const band = dxgwBand.get(a.directConnectGatewayId)!;
      if ((region === null || bands[band]!.region === region) && (!anchor || band < anchor.band))
        anchor = { dxgw: a.directConnectGatewayId, band };
    }
    if (anchor) push(besideDxgw, anchor.dxgw, id);
    else push(inBand, regionBand(region!, ownerOf(list[0]!), true), id);
  }
  for (const list of [...besideDxgw.values(), ...inBand.values()]) list.sort(byText);

  let y = TOP;
  const groups: GraphGroup[] = [];
  let group: GraphGroup | undefined;
  const dxgws = new Map(topology.directConnectGateways.map((g) => [g.id, g]));
  const vgws = new Map(topology.virtualGateways.map((g) => [g.id, g]));
  /** The gateways an interface uses, in the order they are placed (top to bottom). */
  const placedInUse: string[] = [];
  const gatewayEdges: { edge: GraphEdge; laneY: number }[] = [];
  const gatewayNode = (g: BandGateway, gy: number): GraphNode =>
    g.kind === "dxgw"
      ? {
          id: g.id,
          data: { kind: "dxgw", resource: dxgws.get(g.id) ?? null, id: g.id },
          x: col("dxgw"),
          y: gy,
          ...SIZE.dxgw,
          account: dxgws.get(g.id)?.account ?? g.account,
          region: "",
          state: dxgws.get(g.id)?.state ?? UNKNOWN_STATE,
        }
      : {
          id: g.id,
          data: { kind: "vgw", resource: vgws.get(g.id) ?? null, id: g.id },
          x: col("vgw"),
          y: gy,
          ...SIZE.vgw,
          account: vgws.get(g.id)?.account ?? g.account,
          region: vgws.get(g.id)?.region ?? g.region,
          state: vgws.get(g.id)?.state ?? UNKNOWN_STATE,
        };
  const associatedNode = (id: string, gy: number): GraphNode => {
    const associations = associationsOfGateway.get(id)!;
    const first = associations[0]!;
    const owner = ownerOf(first);
    return {
      id,
      ...associatedFields(id, associations, owner),
      x: col("associated"),
      y: gy,
      ...SIZE.associated,
      account: owner,
      region: first.associatedGatewayRegion ?? "",
    };
  };
  /** The Direct Connect gateways with associations, top to bottom, and the middle of each's side. */
  const associating: { id: string; handleY: number }[] = [];
  const openBand = (band: number) => {
    if (group) y += GROUP_GAP - BLOCK_GAP;
    group = {
      ...bands[band]!,
      y,
      bottom: y,
      connections: 0,
      lags: 0,
      interfaces: 0,
      gateways: 0,
    };
    groups.push(group);
  };
  // The band's gateways in the gateway column, each level with its interfaces in the band as far as
  // the others allow, then those no interface uses; right of them, the associated gateways that sit
  // beside its Direct Connect gateways, each from the row of the one it hangs from, down as the others
  // allow, then the band's others. The band grows to hold them.
  const closeBand = (band: number) => {
    const g = group!;
    const mean = (ys: number[]) => ys.reduce((s, v) => s + v, 0) / ys.length;
    const used = gatewaysOfBand[band]!.filter((x) => x.ys.length > 0)
      .map((x) => ({ gateway: x, want: mean(x.ys) }))
      .sort((a, b) => a.want - b.want || byText(a.gateway.id, b.gateway.id));
    const idle = gatewaysOfBand[band]!.filter((x) => x.ys.length === 0);
    let bottom = g.y - GATEWAY_GAP;
    let associatedBottom = g.y - GATEWAY_GAP;
    for (const { gateway, want } of [...used, ...idle.map((gateway) => ({ gateway, want: g.y }))]) {
      const gy = Math.max(want, bottom + GATEWAY_GAP);
      if (!add(gatewayNode(gateway, gy))) continue;
      if (gateway.ys.length > 0) placedInUse.push(gateway.id);
      bottom = gy + SIZE[gateway.kind].height;
      g.gateways++;
      if (gateway.kind !== "dxgw" || !associationsOfDxgw.has(gateway.id)) continue;
      associating.push({ id: gateway.id, handleY: gy + SIZE.dxgw.height / 2 });
      for (const id of besideDxgw.get(gateway.id) ?? []) {
        const ay = Math.max(gy, associatedBottom + GATEWAY_GAP);
        if (add(associatedNode(id, ay))) associatedBottom = ay + SIZE.associated.height;
      }
    }
    for (const id of inBand.get(band) ?? []) {
      const ay = Math.max(g.y, associatedBottom + GATEWAY_GAP);
      if (add(associatedNode(id, ay))) associatedBottom = ay + SIZE.associated.height;
    }
    g.bottom = Math.max(y - BLOCK_GAP, bottom, associatedBottom);
    y = g.bottom + BLOCK_GAP;
  };

  parents.forEach((parent, i) => {
    const band = parentBand[i]!;
    if (!group || band !== groups.length - 1) {
      if (group) closeBand(groups.length - 1);
      openBand(band);
    }
    const g = group!;
    if (parent.kind === "lag") g.lags++;
    else g.connections++;
    const top = y;
    const parentNode: GraphNode =
      parent.kind === "lag"
        ? {
            id: parent.id,
            data: { kind: "lag", resource: parent.resource as DxLag },
            x: col("lag"),
            y: top,
            ...SIZE.lag,
            account: parent.account,
            region: parent.region,
            state: (parent.resource as DxLag).state,
          }
        : {
            id: parent.id,
            data: {
              kind: "connection",
              resource: parent.resource as DxConnection | null,
              id: parent.id,
            },
            x: col("connection"),
            y: top,
            ...SIZE.connection,
            account: parent.account,
            region: parent.region,
            state: (parent.resource as DxConnection | null)?.state ?? UNKNOWN_STATE,
          };
    add(parentNode);
    const members =
      parent.kind === "lag"
        ? [...(membersByLag.get(parent.id) ?? [])].sort(
            (a, b) => byText(a.name, b.name) || byText(a.id, b.id),
          )
        : [];
    members.forEach((m, i) => {
      add({
        id: m.id,
        data: { kind: "member", resource: m },
        x: col("member"),
        y: top + i * MEMBER_ROW,
        ...SIZE.member,
        account: m.account,
        region: m.region,
        state: m.state,
      });
      edges.push({ id: `${m.id}->${parent.id}`, source: m.id, target: parent.id, kind: "member" });
    });
    let cursor = top;
    const vifs = [...(vifsByParent.get(parent.id) ?? [])].sort(
      (a, b) => (a.vlan ?? 0) - (b.vlan ?? 0) || byText(a.id, b.id),
    );
    for (const v of vifs) {
      if (
        !add({
          id: v.id,
          data: { kind: "vif", resource: v },
          x: col("vif"),
          y: cursor,
          ...SIZE.vif,
          account: v.account,
          region: v.region,
          state: v.state,
        })
      )
        continue;
      g.interfaces++;
      edges.push({
        id: `${parent.id}->${v.id}`,
        source: parent.id,
        target: v.id,
        kind: "interface",
      });
      const peers = [...v.bgpPeers].sort(
        (a, b) => byText(a.addressFamily, b.addressFamily) || byText(a.id, b.id),
      );
      peers.forEach((p, i) => {
        if (
          add({
            id: p.id,
            data: { kind: "peer", resource: p, vif: v },
            x: col("peer"),
            y: cursor + i * ROW,
            ...SIZE.peer,
            account: v.account,
            region: v.region,
            state: p.state,
          })
        ) {
          edges.push({ id: `${v.id}->${p.id}`, source: v.id, target: p.id, kind: "peer" });
        }
      });
      for (const gatewayId of [v.virtualGatewayId, v.directConnectGatewayId]) {
        if (!gatewayId) continue;
        if (gatewayHome.get(gatewayId)!.band === band) homed.get(gatewayId)!.ys.push(cursor);
        const edge: GraphEdge = {
          id: `${v.id}->${gatewayId}`,
          source: v.id,
          target: gatewayId,
          kind: "gateway",
        };
        edges.push(edge);
        // Out of the interface's side, then along the gap under its first peer row (or level with it
        // when it has no peers, where the peer column is empty).
        gatewayEdges.push({
          edge,
          laneY: peers.length > 0 ? cursor + LANE_BELOW_ROW : cursor + SIZE.vif.height / 2,
        });
      }
      cursor += Math.max(1, peers.length) * ROW;
    }
    y = Math.max(cursor, top + ROW, top + members.length * MEMBER_ROW) + BLOCK_GAP;
  });
  // The bands after the last parent's: its own, then those of gateways no interface uses.
  for (let band = groups.length - 1; band < bands.length; band++) {
    if (band >= groups.length) openBand(band);
    if (band >= 0) closeBand(band);
  }

  // Each gateway's lane in the channel, in the order they are placed (top to bottom): neighbours,
  // whose lines share the most height, never share a lane.
  const trunkX = new Map(
    placedInUse.map((id, i) => [
      id,
      col("peer") + SIZE.peer.width + CHANNEL_MARGIN + (i % GATEWAY_LANES) * LANE_PITCH,
    ]),
  );
  // Just past the interface: the dashed line leaves the solid peer edges as soon as it can.
  const bendX = col("vif") + SIZE.vif.width + COLUMN_GAP / 4;
  for (const { edge, laneY } of gatewayEdges)
    edge.route = { bendX, laneY, trunkX: trunkX.get(edge.target)! };

  // Each Direct Connect gateway's edges to its associated gateways share a lane in the channel right
  // of the gateways (neighbours never share one). One to a virtual private gateway in the gateway
  // column comes back left along its row and meets it from behind (edges are drawn under nodes).
  associating.forEach(({ id, handleY }, i) => {
    const laneX = col("dxgw") + SIZE.dxgw.width + CHANNEL_MARGIN + (i % GATEWAY_LANES) * LANE_PITCH;
    for (const a of associationsOfDxgw.get(id)!)
      edges.push({
        id: `${id}->${a.associatedGatewayId}`,
        source: id,
        target: a.associatedGatewayId,
        kind: "association",
        route: { bendX: laneX, laneY: handleY, trunkX: laneX },
      });
  });

  return {
    nodes,
    edges,
    groups,
    groupsWidth: col("peer") + SIZE.peer.width,
    width:
      associating.length > 0
        ? col("associated") + SIZE.associated.width
        : col("dxgw") + SIZE.dxgw.width,
    height: groups.length > 0 ? y - BLOCK_GAP : 0,
  };
}

/** An associated gateway's node data and the state on its badge: its first association's. */
function associatedFields(id: string, associations: DxGatewayAssociation[], owner: string) {
  return {
    data: { kind: "associated", id, associations, owner } satisfies GraphNodeData,
    state: associations[0]?.state ?? UNKNOWN_STATE,
  };
}

// What the layout reads of each resource. Two topologies whose lists agree on these, item by item,
// have the same layout.
const sameConnection = (a: DxConnection, b: DxConnection) =>
  a.id === b.id &&
  a.lagId === b.lagId &&
  a.location === b.location &&
  a.name === b.name &&
  a.account === b.account &&
  a.region === b.region;
const sameLag = (a: DxLag, b: DxLag) =>
  a.id === b.id &&
  a.location === b.location &&
  a.name === b.name &&
  a.account === b.account &&
  a.region === b.region;
const sameVif = (a: DxVirtualInterface, b: DxVirtualInterface) =>
  a.id === b.id &&
  a.connectionId === b.connectionId &&
  a.vlan === b.vlan &&
  a.account === b.account &&
  a.region === b.region &&
  a.ownerAlias === b.ownerAlias &&
  a.virtualGatewayId === b.virtualGatewayId &&
  a.directConnectGatewayId === b.directConnectGatewayId &&
  a.bgpPeers.length === b.bgpPeers.length &&
  a.bgpPeers.every(
    (p, i) => p.id === b.bgpPeers[i]!.id && p.addressFamily === b.bgpPeers[i]!.addressFamily,
  );
const sameDxgw = (a: DxDirectConnectGateway, b: DxDirectConnectGateway) =>
  a.id === b.id && a.account === b.account;
const sameVgw = (a: DxVirtualGateway, b: DxVirtualGateway) =>
  a.id === b.id && a.account === b.account && a.region === b.region;
const sameAssociation = (a: DxGatewayAssociation, b: DxGatewayAssociation) =>
  a.id === b.id &&
  a.directConnectGatewayId === b.directConnectGatewayId &&
  a.associatedGatewayId === b.associatedGatewayId &&
  a.associatedGatewayRegion === b.associatedGatewayRegion &&
  a.associatedGatewayOwnerAccount === b.associatedGatewayOwnerAccount;

/**
 * The resources of `after` that are not the same objects as in `before`, by id (the first of an id,
 * as the layout keeps it, or the last where the layout looks ids up in a map); undefined when the two
 * lists differ in anything the layout reads.
 */
function changedItems<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
  same: (a: T, b: T) => boolean,
  keep: "first" | "last",
) {
  if (before.length !== after.length) return undefined;
  const changed = new Map<string, T>();
  for (const i of replacedPlaces(before, after)) {
    const b = after[i]!;
    if (!same(before[i]!, b)) return undefined;
    if (keep === "last" || !changed.has(b.id)) changed.set(b.id, b);
  }
  return changed;
}

/**
 * `graph` (the layout of `before`) with the resources of `after`, when `after` has the same structure;
 * undefined when it needs a layout of its own.
 */
function withNewStates(before: DxTopology, graph: Graph, after: DxTopology): Graph | undefined {
  if (before === after) return graph;
  if (
    before.regions.length !== after.regions.length ||
    before.regions.some((r, i) => r !== after.regions[i])
  )
    return undefined;
  if (
    before.accounts.length !== after.accounts.length ||
    before.accounts.some((a, i) => a.alias !== after.accounts[i]!.alias)
  )
    return undefined;
  const connections = changedItems(before.connections, after.connections, sameConnection, "first");
  const lags = changedItems(before.lags, after.lags, sameLag, "first");
  const vifs = changedItems(before.virtualInterfaces, after.virtualInterfaces, sameVif, "first");
  const dxgws = changedItems(
    before.directConnectGateways,
    after.directConnectGateways,
    sameDxgw,
    "last",
  );
  const vgws = changedItems(before.virtualGateways, after.virtualGateways, sameVgw, "last");
  const associations = changedItems(
    before.directConnectGatewayAssociations,
    after.directConnectGatewayAssociations,
    sameAssociation,
    "first",
  );
  if (!connections || !lags || !vifs || !dxgws || !vgws || !associations) return undefined;
  if (connections.size + lags.size + vifs.size + dxgws.size + vgws.size + associations.size === 0)
    return graph;
  // Node data is built as layoutGraph builds it, keys in the same order.
  const patch = (n: GraphNode): GraphNode => {
    const d = n.data;
    switch (d.kind) {
      case "member": {
        const c = connections.get(n.id);
        return c ? { ...n, data: { kind: "member", resource: c }, state: c.state } : n;
      }
      case "connection": {
        const c = d.resource ? connections.get(n.id) : undefined;
        return c
          ? { ...n, data: { kind: "connection", resource: c, id: n.id }, state: c.state }
          : n;
      }
      case "lag": {
        const l = lags.get(n.id);
        return l ? { ...n, data: { kind: "lag", resource: l }, state: l.state } : n;
      }
      case "vif": {
        const v = vifs.get(n.id);
        return v ? { ...n, data: { kind: "vif", resource: v }, state: v.state } : n;
      }
      case "peer": {
        const v = vifs.get(d.vif.id);
        const p = v?.bgpPeers.find((x) => x.id === n.id);
        return v && p ? { ...n, data: { kind: "peer", resource: p, vif: v }, state: p.state } : n;
      }
      case "dxgw": {
        const g = dxgws.get(n.id);
        return g ? { ...n, data: { kind: "dxgw", resource: g, id: n.id }, state: g.state } : n;
      }
      case "vgw": {
        const g = vgws.get(n.id);
        return g ? { ...n, data: { kind: "vgw", resource: g, id: n.id }, state: g.state } : n;
      }
      case "associated": {
        if (!d.associations.some((a) => associations.has(a.id))) return n;
        const list = d.associations.map((a) => associations.get(a.id) ?? a);
        return { ...n, ...associatedFields(n.id, list, d.owner) };
      }
    }
  };
  // Only the nodes of the changed resources, found by id: not a pass over every node (64,784 at XL).
  const places = placesOf(graph.nodes);
  const nodes = graph.nodes.slice();
  for (const changed of [connections, lags, vifs, dxgws, vgws, associations])
    for (const id of changed.keys())
      for (const i of places.get(id) ?? []) nodes[i] = patch(nodes[i]!);
  const next = { ...graph, nodes };
  // The places stay: the new nodes are where the old ones were.
  placesByNodes.set(nodes, places);
  return next;
}

/**
 * Makes the index a poll's patch finds a graph's nodes by (at XL, 10-30 ms on the first poll that
 * changed a state, between it and its badges): for a view to call while the browser is idle after a
 * layout. The graphs patched from this one share it.
 */
export function indexForPatches(graph: Pick<Graph, "nodes">): void {
  placesOf(graph.nodes);
}

/** Where each resource's nodes are in a graph's nodes (a peer's, under its interface's id). */
const placesByNodes = new WeakMap<readonly GraphNode[], Map<string, number[]>>();

function placesOf(nodes: readonly GraphNode[]): Map<string, number[]> {
  let places = placesByNodes.get(nodes);
  if (places) return places;
  places = new Map();
  const at = (id: string, i: number) => {
    const list = places!.get(id);
    if (list) list.push(i);
    else places!.set(id, [i]);
  };
  nodes.forEach((n, i) => {
    const d = n.data;
    if (d.kind === "peer") at(d.vif.id, i);
    else if (d.kind === "associated") for (const a of d.associations) at(a.id, i);
    else at(n.id, i);
  });
  placesByNodes.set(nodes, places);
  return places;
}

/** Narrows a topology to some accounts and regions before layout (filters that change the picture). */
export function scopeTopology(
  topology: DxTopology,
  accounts: string[],
  regions: string[],
): DxTopology {
  if (accounts.length === 0 && regions.length === 0) return topology;
  const inScope = (r: { account: string; region: string }) =>
    (accounts.length === 0 || accounts.includes(r.account)) &&
    (regions.length === 0 || regions.includes(r.region));
  const virtualInterfaces = topology.virtualInterfaces.filter(
    (v) =>
      (accounts.length === 0 || v.visibleTo.some((a) => accounts.includes(a))) &&
      (regions.length === 0 || regions.includes(v.region)),
  );
  const usedGateways = new Set(
    virtualInterfaces.flatMap((v) =>
      [v.directConnectGatewayId, v.virtualGatewayId].filter((g): g is string => !!g),
    ),
  );
  // The connection or LAG (and a LAG's members) under a kept interface stays, with its real state:
  // filtering to the account an interface was allocated to must not make its parent look unreadable.
  const usedParents = new Set(virtualInterfaces.map((v) => v.connectionId));
  return {
    ...topology,
    connections: topology.connections.filter(
      (c) => inScope(c) || usedParents.has(c.id) || (c.lagId !== null && usedParents.has(c.lagId)),
    ),
    lags: topology.lags.filter((l) => inScope(l) || usedParents.has(l.id)),
    virtualInterfaces,
    // So does the virtual gateway of a kept interface: another account's, it is still readable.
    virtualGateways: topology.virtualGateways.filter((g) => inScope(g) || usedGateways.has(g.id)),
    directConnectGateways: topology.directConnectGateways.filter(
      (g) => usedGateways.has(g.id) || accounts.length === 0 || accounts.includes(g.account),
    ),
    // Those of the Direct Connect gateways kept (the layout leaves out the others'), in the regions chosen.
    directConnectGatewayAssociations: topology.directConnectGatewayAssociations.filter(
      (a) =>
        regions.length === 0 ||
        a.associatedGatewayRegion === null ||
        regions.includes(a.associatedGatewayRegion),
    ),
  };
}

/** The text a search matches: id, name, VLAN and ASN, and a peer's addresses. */
export function searchTerms(node: GraphNode): string[] {
  const d = node.data;
  switch (d.kind) {
    case "vif":
      return interfaceTerms(d.resource);
    case "peer":
      // An address as typed matches exactly with or without its prefix: 169.254.250.2 is that
      // peer's, not first the one at 169.254.250.29/30 of which it is a substring.
      return peerTerms(d.resource);
    case "lag":
    case "member":
      return [d.resource.id, d.resource.name];
    case "connection":
      return [d.id, d.resource?.name ?? "", String(d.resource?.vlan ?? "")];
    case "dxgw":
      return [d.id, d.resource?.name ?? "", String(d.resource?.amazonSideAsn ?? "")];
    case "vgw":
    case "associated":
      return [d.id];
  }
}

/** What a node offers the search's qualifiers (lib/topology/query.ts), and its text. */
export function searchable(node: GraphNode, parents: ParentNames): Searchable {
  const d = node.data;
  const terms = searchTerms(node);
  switch (d.kind) {
    case "vif":
      return { facets: interfaceFacets(d.resource, parents), terms };
    case "peer":
      return { facets: peerFacets(d.resource, d.vif, parents), terms };
    case "lag":
      return { facets: lagFacets(d.resource), terms };
    case "member":
      return { facets: connectionFacets(d.resource), terms };
    case "connection":
      // A connection dxmap cannot read is known by its id alone.
      return {
        facets: d.resource ? connectionFacets(d.resource) : { conn: [d.id.toLowerCase()] },
        terms,
      };
    case "dxgw":
      return { facets: directConnectGatewayFacets(d.resource), terms };
    case "vgw":
      return { facets: virtualGatewayFacets(d.resource), terms };
    case "associated":
      return { facets: associatedGatewayFacets(d.associations, node.account), terms };
  }
}

/** The names of the connections and LAGs among some nodes, by id. */
function parentNames(nodes: readonly GraphNode[]): ParentNames {
  const names = new Map<string, string>();
  for (const n of nodes) {
    const d = n.data;
    if ((d.kind === "connection" || d.kind === "member" || d.kind === "lag") && d.resource)
      names.set(n.id, d.resource.name);
  }
  return names;
}

/** The first node a search query matches, in graph order (exact id or VLAN/ASN first, then substrings). */
export function findNode(nodes: readonly GraphNode[], query: string): GraphNode | undefined {
  return findNodes(nodes, query)[0];
}

/**
 * Every node a search matches: exact matches first, then partial ones, each in the graph's order.
 * A query given as text that does not parse (an unknown qualifier) matches nothing; parse it first
 * (parseQuery) to tell the user why.
 */
export function findNodes(
  nodes: readonly GraphNode[],
  query: string | SearchQuery,
  parents: ParentNames = parentNames(nodes),
): GraphNode[] {
  let q: SearchQuery;
  if (typeof query === "string") {
    const parsed = parseQuery(query);
    if (!parsed.ok) return [];
    q = parsed.query;
  } else q = query;
  if (isEmptyQuery(q)) return [];
  const matches = rankMatches(nodes, q, (n) => searchable(n, parents));
  if (Object.keys(q.qualifiers).length === 0) return matches;
  // A peer has its interface's VLAN, connection and place: where both match, the search lands on the
  // interface (whose details list its peers) rather than on it and then each of its peers.
  const ids = new Set(matches.map((n) => n.id));
  return matches.filter((n) => n.data.kind !== "peer" || !ids.has(n.data.vif.id));
}
