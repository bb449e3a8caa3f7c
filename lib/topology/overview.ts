// The map's overview: the estate's shape — region → location → connection or LAG → interface → BGP
// peer — as a tree laid out left to right, where regions, locations and connections are aggregated
// nodes with counts and health roll-ups until they are opened. At L (5,000 interfaces) the detailed
// map is 700,000 px tall; the overview's first view is its 4 regions and 10 locations on one screen.
//
// Built from the laid-out graph the map draws (after its filters), so the overview shows what the map
// would. No React, no I/O. Stable as parts open: a node's place depends only on what comes before it
// in the tree, so opening one moves nothing above or beside it, and only pushes what is below it down.

import { sessionFault, VIF_STATE } from "@/lib/dx/states";
import type { DxLocation } from "@/lib/dx/types";

import { SIZE, type Graph, type GraphNode } from "./graph";
import { countsForAttention } from "./visibility";

/** What a region, location, connection or LAG holds. */
export interface Counts {
  locations: number;
  connections: number;
  lags: number;
  interfaces: number;
  peers: number;
}

/** How much of it is not well: the roll-ups an aggregated node shows. */
export interface Health {
  /** Things to act on, as the map's "Needs attention" counts them. */
  attention: number;
  /** BGP sessions down on peers AWS has set up. */
  bgpDown: number;
  /** Interfaces allocated to an account and waiting for its approval. */
  confirming: number;
}

export type OverviewNodeData =
  | { kind: "region"; region: string; counts: Counts; health: Health }
  | {
      kind: "location";
      region: string;
      code: string;
      /** The location's name as DescribeLocations gives it, or null when no account reads it. */
      name: string | null;
      open: boolean;
      counts: Counts;
      health: Health;
    }
  | {
      kind: "parent";
      /** The connection's or LAG's node on the map (its resource, state and badge). */
      node: GraphNode;
      open: boolean;
      counts: Counts;
      health: Health;
    };

export interface OverviewNode {
  id: string;
  /** An aggregated node, or an interface's or peer's node of the map, placed anew. */
  data: OverviewNodeData | GraphNode["data"];
  /** For an interface or peer: the map's node (its state, account and region). */
  graphNode?: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OverviewEdge {
  id: string;
  source: string;
  target: string;
}

export interface Overview {
  nodes: OverviewNode[];
  edges: OverviewEdge[];
  /** Each region's band: its node spans it. */
  regions: { region: string; y: number; bottom: number }[];
}

/** The key a location is opened by (and its node's id). */
export const locationKey = (region: string, code: string) => `${region}/${code}`;
export const regionKey = (region: string) => `region:${region}`;
/** The location of a connection dxmap cannot read (an interface names it, no configured account owns it). */
const UNKNOWN_LOCATION = "";

const OVERVIEW_SIZE = {
  region: { width: 320, height: 80 },
  location: { width: 420, height: 80 },
  parent: { width: 420, height: 80 },
} as const;
const GAP_X = 56;
const GAP_Y = 12;
const REGION_GAP = 28;
const PEER_GAP = 8;
const COLUMN = (() => {
  const location = OVERVIEW_SIZE.region.width + GAP_X;
  const parent = location + OVERVIEW_SIZE.location.width + GAP_X;
  const vif = parent + OVERVIEW_SIZE.parent.width + GAP_X;
  const peer = vif + SIZE.vif.width + GAP_X;
  return { region: 0, location, parent, vif, peer };
})();

const noCounts = (): Counts => ({ locations: 0, connections: 0, lags: 0, interfaces: 0, peers: 0 });
const noHealth = (): Health => ({ attention: 0, bgpDown: 0, confirming: 0 });

interface Parent {
  node: GraphNode;
  vifs: { node: GraphNode; peers: GraphNode[] }[];
  counts: Counts;
  health: Health;
}
interface Location {
  code: string;
  parents: Parent[];
  counts: Counts;
  health: Health;
}

const add = (into: Counts, c: Counts) => {
  into.locations += c.locations;
  into.connections += c.connections;
  into.lags += c.lags;
  into.interfaces += c.interfaces;
  into.peers += c.peers;
};
const addHealth = (into: Health, h: Health) => {
  into.attention += h.attention;
  into.bgpDown += h.bgpDown;
  into.confirming += h.confirming;
};
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The connections and LAGs of the graph, each with its interfaces and peers, in the map's order. */
function parentsOf(graph: Graph): Parent[] {
  const byId = new Map<string, Parent>();
  const vifParent = new Map<string, { node: GraphNode; peers: GraphNode[] }>();
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const n of graph.nodes)
    if (n.data.kind === "connection" || n.data.kind === "lag")
      byId.set(n.id, { node: n, vifs: [], counts: noCounts(), health: noHealth() });
  for (const e of graph.edges) {
    if (e.kind === "interface") {
      const vif = nodes.get(e.target);
      const parent = byId.get(e.source);
      if (!vif || !parent) continue;
      const entry = { node: vif, peers: [] as GraphNode[] };
      parent.vifs.push(entry);
      vifParent.set(vif.id, entry);
    } else if (e.kind === "peer") {
      const peer = nodes.get(e.target);
      if (peer) vifParent.get(e.source)?.peers.push(peer);
    }
  }
  for (const p of byId.values()) {
    if (p.node.data.kind === "lag") p.counts.lags = 1;
    else p.counts.connections = 1;
    if (countsForAttention(p.node)) p.health.attention++;
    for (const v of p.vifs) {
      p.counts.interfaces++;
      if (countsForAttention(v.node)) p.health.attention++;
      if (v.node.state === VIF_STATE.confirming) p.health.confirming++;
      for (const peer of v.peers) {
        p.counts.peers++;
        if (countsForAttention(peer)) p.health.attention++;
        if (peer.data.kind === "peer" && sessionFault(peer.data.resource, peer.data.vif))
          p.health.bgpDown++;
      }
    }
  }
  return [...byId.values()];
}

const locationOf = (n: GraphNode): string =>
  n.data.kind === "connection" || n.data.kind === "lag"
    ? (n.data.resource?.location ?? UNKNOWN_LOCATION)
    : UNKNOWN_LOCATION;

/**
 * The overview of a graph, with the locations and connections in `open` opened (by locationKey and by
 * connection or LAG id). Regions in the order given (the configured order), then any other; locations
 * by code, the unknown one last; connections as the map orders them (by name).
 */
export function layoutOverview(
  graph: Graph,
  regionOrder: readonly string[],
  locations: readonly DxLocation[],
  open: ReadonlySet<string>,
): Overview {
  const byRegion = new Map<string, Map<string, Location>>();
  for (const p of parentsOf(graph)) {
    const region = p.node.region;
    const code = locationOf(p.node);
    let locs = byRegion.get(region);
    if (!locs) byRegion.set(region, (locs = new Map()));
    let loc = locs.get(code);
    if (!loc) locs.set(code, (loc = { code, parents: [], counts: noCounts(), health: noHealth() }));
    loc.parents.push(p);
    add(loc.counts, p.counts);
    addHealth(loc.health, p.health);
  }
  const rank = new Map(regionOrder.map((r, i) => [r, i]));
  const regions = [...byRegion.keys()].sort(
    (a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || byText(a, b),
  );
  const names = new Map(locations.map((l) => [`${l.region}/${l.code}`, l.name]));

  const nodes: OverviewNode[] = [];
  const edges: OverviewEdge[] = [];
  const bands: Overview["regions"] = [];
  const edge = (source: string, target: string) =>
    edges.push({ id: `${source}->${target}`, source, target });
  let y = 0;
  for (const region of regions) {
    const top = y;
    const counts = noCounts();
    const health = noHealth();
    const regionNode: OverviewNode = {
      id: regionKey(region),
      data: { kind: "region", region, counts, health },
      x: COLUMN.region,
      y: top,
      ...OVERVIEW_SIZE.region,
    };
    nodes.push(regionNode);
    const locs = [...byRegion.get(region)!.values()].sort(
      (a, b) =>
        Number(a.code === UNKNOWN_LOCATION) - Number(b.code === UNKNOWN_LOCATION) ||
        byText(a.code, b.code),
    );
    for (const loc of locs) {
      const id = locationKey(region, loc.code);
      const locOpen = open.has(id);
      const locTop = y;
      counts.locations++;
      add(counts, loc.counts);
      addHealth(health, loc.health);
      nodes.push({
        id,
        data: {
          kind: "location",
          region,
          code: loc.code,
          name: names.get(`${region}/${loc.code}`) ?? null,
          open: locOpen,
          counts: { ...loc.counts, locations: 1 },
          health: loc.health,
        },
        x: COLUMN.location,
        y: locTop,
        ...OVERVIEW_SIZE.location,
      });
      edge(regionNode.id, id);
      if (locOpen)
        for (const p of loc.parents) {
          const pOpen = open.has(p.node.id);
          const pTop = y;
          nodes.push({
            id: p.node.id,
            data: { kind: "parent", node: p.node, open: pOpen, counts: p.counts, health: p.health },
            x: COLUMN.parent,
            y: pTop,
            ...OVERVIEW_SIZE.parent,
          });
          edge(id, p.node.id);
          if (pOpen)
            for (const v of p.vifs) {
              const vTop = y;
              nodes.push({ ...placed(v.node, COLUMN.vif, vTop), graphNode: v.node });
              edge(p.node.id, v.node.id);
              v.peers.forEach((peer, i) => {
                nodes.push({
                  ...placed(peer, COLUMN.peer, vTop + i * (SIZE.peer.height + PEER_GAP)),
                  graphNode: peer,
                });
                edge(v.node.id, peer.id);
              });
              const peersHeight = v.peers.length * (SIZE.peer.height + PEER_GAP) - PEER_GAP;
              y = vTop + Math.max(SIZE.vif.height, peersHeight) + GAP_Y;
            }
          y = Math.max(y, pTop + OVERVIEW_SIZE.parent.height + GAP_Y);
        }
      y = Math.max(y, locTop + OVERVIEW_SIZE.location.height + GAP_Y);
    }
    // The region's node spans its band: its locations (and whatever is open in them).
    const bottom = Math.max(y - GAP_Y, top + OVERVIEW_SIZE.region.height);
    regionNode.height = bottom - top;
    bands.push({ region, y: top, bottom });
    y = bottom + REGION_GAP;
  }
  return {
    nodes,
    edges,
    regions: bands,
  };
}

const placed = (n: GraphNode, x: number, y: number): OverviewNode => ({
  id: n.id,
  data: n.data,
  x,
  y,
  width: SIZE[n.data.kind].width,
  height: SIZE[n.data.kind].height,
});

/**
 * What must be open for a resource to be on the overview: its location and, for an interface or a
 * peer, its connection or LAG. Null when the overview does not show it (a gateway, a LAG member).
 */
export function opensFor(graph: Graph, id: string): string[] | null {
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) return null;
  let parentId: string | undefined;
  if (node.data.kind === "connection" || node.data.kind === "lag") parentId = node.id;
  else if (node.data.kind === "vif" || node.data.kind === "peer") {
    const vifId = node.data.kind === "vif" ? node.id : node.data.vif.id;
    parentId = graph.edges.find((e) => e.kind === "interface" && e.target === vifId)?.source;
  }
  const parent = parentId ? graph.nodes.find((n) => n.id === parentId) : undefined;
  if (!parent) return null;
  const location = locationKey(parent.region, locationOf(parent));
  return parent.id === id ? [location] : [location, parent.id];
}
