// Which nodes a state or type filter shows, and the topology they make (shownTopology), laid out on
// its own so that what a filter hides takes no room. With no filter a state change moves nothing; under
// a state filter, a node whose state comes to match (or stops) is shown (or not), and the rest close up.
import { awaitsAPerson, CONNECTION_STATE, isBroken, sessionFault } from "@/lib/dx/states";
import type { DxTopology } from "@/lib/dx/types";

import type { Graph, GraphNode } from "./graph";

export interface VisibilityFilter {
  /** Show nodes in these states (with what connects them); empty: all. */
  states: string[];
  /** Interface types to show (private, public, transit); empty: all. */
  types: string[];
}

/**
 * The state filter's "needs attention": what an engineer has to act on or look into. An interface
 * allocated to an account and awaiting its approval (confirming), a hosted connection awaiting its
 * owner's acceptance (ordering), anything down (a connection, LAG or interface, or a BGP session),
 * and anything AWS or its owner rejected. Not `unknown`: dxmap says that of what no configured
 * account can read, which is not a fault.
 */
export const NEEDS_ATTENTION = "attention";
/** What waits for a person, and what is broken or refused. */
const isAttentionState = (state: string) => awaitsAPerson(state) || isBroken(state);

const nodeStates = (n: GraphNode): string[] =>
  n.data.kind === "peer"
    ? [n.data.resource.state, n.data.resource.bgpStatus]
    : n.data.kind === "associated"
      ? n.data.associations.map((a) => a.state)
      : [n.state];

/**
 * Whether a node is one thing to act on, for the counts: one that needs attention, but not a BGP
 * peer of an interface that does (a session is down while its interface awaits approval or is down
 * itself: one problem, which the interface already counts).
 */
export const countsForAttention = (n: GraphNode) =>
  needsAttention(n) && !(n.data.kind === "peer" && isAttentionState(n.data.vif.state));

/** How many things to act on the map holds, of the interface types chosen (all when none). */
export function attentionCount(nodes: readonly GraphNode[], types: readonly string[]): number {
  let count = 0;
  for (const n of nodes) {
    if (ofTypes(n, types) && countsForAttention(n)) count++;
  }
  return count;
}

/** Whether a node is of the interface types chosen (all when none): an interface or peer by its interface's type; the rest always. */
export const ofTypes = (n: GraphNode, types: readonly string[]) =>
  types.length === 0 ||
  (n.data.kind === "vif"
    ? types.includes(n.data.resource.type)
    : n.data.kind === "peer"
      ? types.includes(n.data.vif.type)
      : true);

/**
 * Whether a node (or, for a BGP peer, its session) is in a state that needs attention. A session is
 * down only on a peer AWS has set up (available): one still pending or verifying has not come up
 * yet, one deleting or deleted is going, which was asked for, and one a failover test holds down is
 * expected.
 */
export const needsAttention = (n: GraphNode) =>
  n.data.kind === "peer"
    ? isAttentionState(n.data.resource.state) || sessionFault(n.data.resource, n.data.vif)
    : // A hosted connection its owner declined is rejected, as asked: nothing more to do with it.
      isAttentionState(n.state) &&
      !(
        (n.data.kind === "connection" || n.data.kind === "member") &&
        n.state === CONNECTION_STATE.rejected
      );

/** The ids to show, or null when nothing is filtered. */
export function visibleIds(graph: Graph, filter: VisibilityFilter): Set<string> | null {
  if (filter.states.length === 0 && filter.types.length === 0) return null;
  const attention = filter.states.includes(NEEDS_ATTENTION);
  const states = filter.states.filter((s) => s !== NEEDS_ATTENTION);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const typeOk = (n: GraphNode) => ofTypes(n, filter.types);
  const visible = new Set<string>();
  for (const n of graph.nodes) {
    if (!typeOk(n)) continue;
    const matches =
      filter.states.length === 0
        ? n.data.kind === "vif" || n.data.kind === "peer"
        : (attention && needsAttention(n)) || nodeStates(n).some((s) => states.includes(s));
    if (matches) {
      visible.add(n.id);
    }
  }
  // Keep what connects a match to the picture: its connection or LAG (and LAG members), the interface
  // of a peer, and an interface's peers and gateways.
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const e of graph.edges) {
    parents.set(e.target, [...(parents.get(e.target) ?? []), e.source]);
    children.set(e.source, [...(children.get(e.source) ?? []), e.target]);
  }
  const stack = [...visible];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const p of parents.get(id) ?? []) {
      const parent = byId.get(p);
      if (parent && !visible.has(p) && typeOk(parent)) {
        visible.add(p);
        stack.push(p);
      }
    }
  }
  // A shown interface brings its gateways; its peers too unless a state filter chose among them.
  for (const n of graph.nodes) {
    if (n.data.kind !== "vif" || !visible.has(n.id)) continue;
    for (const c of children.get(n.id) ?? []) {
      if (filter.states.length === 0 || byId.get(c)?.data.kind !== "peer") visible.add(c);
    }
  }
  // Then a shown Direct Connect gateway brings the gateways associated with it: where its traffic goes.
  for (const n of graph.nodes) {
    if (n.data.kind !== "dxgw" || !visible.has(n.id)) continue;
    for (const c of children.get(n.id) ?? []) visible.add(c);
  }
  return visible;
}

/**
 * The topology as a filter shows it, to be laid out on its own: what the filter hides takes no room,
 * and an interface's first shown peer sits level with it. A shown LAG member brings its LAG (so it is
 * drawn as a member, beside it), and an interface keeps only its shown peers. Resources are the same
 * objects, but for an interface whose peers were narrowed.
 */
export function shownTopology(topology: DxTopology, visible: ReadonlySet<string>): DxTopology {
  const lagsOfMembers = new Set(
    topology.connections.flatMap((c) => (c.lagId && visible.has(c.id) ? [c.lagId] : [])),
  );
  return {
    ...topology,
    connections: topology.connections.filter((c) => visible.has(c.id)),
    lags: topology.lags.filter((l) => visible.has(l.id) || lagsOfMembers.has(l.id)),
    virtualInterfaces: topology.virtualInterfaces
      .filter((v) => visible.has(v.id))
      .map((v) =>
        v.bgpPeers.every((p) => visible.has(p.id))
          ? v
          : { ...v, bgpPeers: v.bgpPeers.filter((p) => visible.has(p.id)) },
      ),
    directConnectGateways: topology.directConnectGateways.filter((g) => visible.has(g.id)),
    directConnectGatewayAssociations: topology.directConnectGatewayAssociations.filter(
      (a) => visible.has(a.directConnectGatewayId) && visible.has(a.associatedGatewayId),
    ),
    virtualGateways: topology.virtualGateways.filter((g) => visible.has(g.id)),
  };
}

/**
 * How many things to act on each band of the map (graph.groups, in order) holds: those laid out
 * in the band's rows, left of the gateways (a gateway serves several bands, and is in none).
 */
export function attentionByGroup(graph: Pick<Graph, "nodes" | "groups" | "groupsWidth">): number[] {
  const counts = graph.groups.map(() => 0);
  for (const n of graph.nodes) {
    if (!countsForAttention(n)) continue;
    const at = bandOf(graph, n);
    if (at >= 0) counts[at]!++;
  }
  return counts;
}

/** The index of the band that holds a node, or -1 (a gateway, right of the bands, or none). */
export function bandOf(graph: Pick<Graph, "groups" | "groupsWidth">, n: GraphNode): number {
  if (n.x >= graph.groupsWidth) return -1;
  // Bands are in order down the map: the last that starts above the node holds it.
  let lo = 0;
  let hi = graph.groups.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (graph.groups[mid]!.y <= n.y) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at >= 0 && n.y <= graph.groups[at]!.bottom ? at : -1;
}
