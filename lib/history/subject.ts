// What a node's History reads and shows: whose events are its own, which children's sessions it
// summarises (an interface's peers), whose audit entries concern it, and the names to show for the
// ids its events carry. Pure: built from the map's node and the topology.

import type { EventField } from "@/lib/dx/history";
import { familyLabel } from "@/lib/dx/rules/peers";
import type { DxTopology } from "@/lib/dx/types";
import type { GraphNode } from "@/lib/topology/graph";

export type CurrentValues = Partial<Record<EventField, string | null>>;

export interface HistorySubject {
  id: string;
  /** Further ids whose events are this resource's own (an associated gateway's associations). */
  alsoIds?: string[];
  /** What the map reads now: the value of a field the store has no event of. */
  current: CurrentValues;
  /** A BGP peer: its session's spans, uptime and flaps. */
  session: boolean;
  /** Resources under it whose sessions are summarised (an interface's peers). */
  children: { id: string; label: string; current: CurrentValues }[];
  /** Resources whose audit entries concern it (a peer's interface: adding one, a failover test). */
  auditRelated: string[];
  /** Readable names of the ids its events may carry. */
  names: Record<string, string>;
}

/**
 * The History of a resource that is no longer on the map (a link from the Events page to a deleted
 * peer, say): what the store remembers of it. A BGP peer's id says it had a session.
 */
export const goneSubject = (id: string): HistorySubject => ({
  id,
  current: {},
  session: id.startsWith("dxpeer-"),
  children: [],
  auditRelated: [],
  names: {},
});

export function historySubject(node: GraphNode, topology: DxTopology): HistorySubject {
  const d = node.data;
  const base = { ...goneSubject(node.id), session: false };
  switch (d.kind) {
    case "member":
    case "connection":
      return { ...base, current: { state: d.resource?.state ?? null } };
    case "lag":
      // Its members' events carry the LAG as their parent: named, so the History can say whose.
      return {
        ...base,
        current: { state: d.resource.state },
        names: Object.fromEntries(
          topology.connections
            .filter((c) => c.lagId === d.resource.id)
            .map((c) => [c.id, c.name || c.id]),
        ),
      };
    case "vif": {
      const peers = d.resource.bgpPeers.map((p) => ({
        id: p.id,
        label: `${familyLabel(p.addressFamily)} peer ${p.id}`,
        current: { state: p.state, bgpStatus: p.bgpStatus },
      }));
      return {
        ...base,
        current: { state: d.resource.state },
        children: peers,
        // Deleting a peer is recorded against the peer.
        auditRelated: peers.map((p) => p.id),
        names: Object.fromEntries(peers.map((p) => [p.id, p.label])),
      };
    }
    case "peer":
      return {
        ...base,
        current: { state: d.resource.state, bgpStatus: d.resource.bgpStatus },
        session: true,
        // Adding a peer and a failover test are recorded against its interface.
        auditRelated: [d.vif.id],
        names: { [d.vif.id]: `interface ${d.vif.name || d.vif.id}` },
      };
    case "dxgw":
    case "vgw":
      return { ...base, current: { state: d.resource?.state ?? null } };
    case "associated":
      // The node is the associated gateway; its events are its associations'.
      return {
        ...base,
        alsoIds: d.associations.map((a) => a.id),
        current: { state: d.associations[0]?.state ?? null },
      };
  }
}
