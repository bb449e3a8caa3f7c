// What changed between two reads: the states the "recent changes" list shows and the graph highlights.
import { replacedPlaces } from "@/lib/dx/replaced";
import type { DxGatewayAssociation, DxTopology, DxVirtualInterface } from "@/lib/dx/types";

export interface StateChange {
  id: string;
  label: string;
  from: string;
  to: string;
}

type Resource = { id: string; state: string; name?: string };

/** The lists whose resources have a state of their own, in the order changes are listed, and their kinds. */
const listsOf = (t: DxTopology): readonly (readonly Resource[])[] => [
  t.connections,
  t.lags,
  t.virtualInterfaces,
  t.directConnectGateways,
  t.virtualGateways,
];
const KINDS = ["Connection", "LAG", "Interface", "DX gateway", "VGW"] as const;
const INTERFACES = KINDS.indexOf("Interface");

/**
 * What each list's changed places held in both reads (in list order, then place order), when each
 * list has the same ids in the same order in both; undefined otherwise (something came, went or
 * moved). Ids are unique in a read (one resource each, as the collector and the merge keep them):
 * each changed place is a resource's old and new self.
 */
function replacedInPlace(
  before: DxTopology,
  after: DxTopology,
): [number, Resource, Resource][] | undefined {
  const pairs: [number, Resource, Resource][] = [];
  const was = listsOf(before);
  const now = listsOf(after);
  for (let k = 0; k < now.length; k++) {
    const a = was[k]!;
    const b = now[k]!;
    if (a === b) continue;
    if (a.length !== b.length) return undefined;
    for (const i of replacedPlaces(a, b)) {
      if (a[i]!.id !== b[i]!.id) return undefined;
      pairs.push([k, a[i]!, b[i]!]);
    }
  }
  return pairs;
}

/** A resource's state change, and its BGP peers' when it is an interface (pushed onto `changes`). */
function compareResource(changes: StateChange[], kind: number, was: Resource, now: Resource) {
  if (was.state !== now.state)
    changes.push({
      id: now.id,
      label: `${KINDS[kind]} ${now.name || now.id}`,
      from: was.state,
      to: now.state,
    });
  if (kind !== INTERFACES) return;
  // A peer is compared with itself on the interface's previous read (a BGP peer belongs to one
  // interface for its whole life).
  const v = now as DxVirtualInterface;
  const previous = was as DxVirtualInterface;
  for (const p of v.bgpPeers) {
    const before = previous.bgpPeers.find((x) => x.id === p.id);
    if (before && before !== p && (before.state !== p.state || before.bgpStatus !== p.bgpStatus))
      changes.push({
        id: p.id,
        label: `BGP peer ${p.addressFamily} on ${v.name || v.id}`,
        from: `${before.state}/${before.bgpStatus}`,
        to: `${p.state}/${p.bgpStatus}`,
      });
  }
}

/**
 * State changes of resources present in both reads (new and vanished ones are structure, not state),
 * in the order of `after`: connections, LAGs, interfaces each followed by its BGP peers, Direct
 * Connect gateways, virtual gateways, Direct Connect gateway associations. A resource that is the
 * same object in both reads (a poll's read keeps unchanged ones) is skipped without a look: a poll
 * that moved a few states, keeping every list's order, costs an identity check of each place (the
 * highlight's effect, between a poll and its badges, walked the estate three times at XL).
 */
export function diffStates(before: DxTopology, after: DxTopology): StateChange[] {
  if (before === after) return [];
  const changes: StateChange[] = [];
  const pairs = replacedInPlace(before, after);
  if (pairs) for (const [kind, was, now] of pairs) compareResource(changes, kind, was, now);
  else {
    // Something came, went or moved: each resource of `after`, once, with the resource of its id
    // before (the last of an id wins, as in a map).
    const old = new Map<string, Resource>();
    for (const list of listsOf(before)) for (const r of list) old.set(r.id, r);
    const seen = new Set<string>();
    listsOf(after).forEach((list, kind) => {
      for (const r of list) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        const was = old.get(r.id);
        if (was && was !== r) compareResource(changes, kind, was, r);
      }
    });
  }
  // An association's state is its associated gateway's badge at the map's right edge: the change is
  // that node's (the id the map highlights), named by both ends.
  const names = new Map<string, string>();
  const association = (was: DxGatewayAssociation, a: DxGatewayAssociation) => {
    if (was === a || was.state === a.state) return;
    if (names.size === 0) for (const g of after.directConnectGateways) names.set(g.id, g.name);
    changes.push({
      id: a.associatedGatewayId,
      label: `Association ${names.get(a.directConnectGatewayId) || a.directConnectGatewayId} → ${a.associatedGatewayId}`,
      from: was.state,
      to: a.state,
    });
  };
  const wasAssociated = before.directConnectGatewayAssociations;
  const associated = after.directConnectGatewayAssociations;
  if (
    wasAssociated.length === associated.length &&
    associated.every((a, i) => a === wasAssociated[i] || a.id === wasAssociated[i]!.id)
  )
    for (const i of replacedPlaces(wasAssociated, associated))
      association(wasAssociated[i]!, associated[i]!);
  else {
    const byId = new Map(wasAssociated.map((a) => [a.id, a]));
    for (const a of associated) {
      const was = byId.get(a.id);
      if (was) association(was, a);
    }
  }
  return changes;
}

/**
 * The nodes marked as changed, each by its latest change until that change's moment ends: a node
 * that changes again keeps its mark for the whole moment of the later change.
 */
export class ChangeMarks {
  private readonly by = new Map<string, object>();

  /** Marks these ids; returns the change, to end its marks with. */
  mark(ids: Iterable<string>): object {
    const change = {};
    for (const id of ids) this.by.set(id, change);
    return change;
  }

  /** Ends the marks this change made that a later change has not made again. */
  end(change: object): void {
    for (const [id, by] of this.by) if (by === change) this.by.delete(id);
  }

  marked(): ReadonlySet<string> {
    return new Set(this.by.keys());
  }
}
