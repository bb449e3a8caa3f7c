// What changed between two reads: the states the "recent changes" list shows and the graph highlights.
import type { DxTopology, DxVirtualInterface } from "@/lib/dx/types";

export interface StateChange {
  id: string;
  label: string;
  from: string;
  to: string;
}

type Resource = { id: string; state: string; name?: string };

/** The lists whose resources have a state of their own, in the order changes are listed. */
const listsOf = (t: DxTopology): readonly (readonly Resource[])[] => [
  t.connections,
  t.lags,
  t.virtualInterfaces,
  t.directConnectGateways,
  t.virtualGateways,
];

/**
 * The ids at whose places the two reads hold different objects, when each list has the same ids in
 * the same order in both; undefined otherwise (something came, went or moved).
 */
function changedIds(before: DxTopology, after: DxTopology): Set<string> | undefined {
  const ids = new Set<string>();
  const was = listsOf(before);
  const now = listsOf(after);
  for (let k = 0; k < now.length; k++) {
    const a = was[k]!;
    const b = now[k]!;
    if (a === b) continue;
    if (a.length !== b.length) return undefined;
    for (let i = 0; i < b.length; i++) {
      if (a[i] === b[i]) continue;
      if (a[i]!.id !== b[i]!.id) return undefined;
      ids.add(b[i]!.id);
    }
  }
  return ids;
}

/**
 * State changes of resources present in both reads (new and vanished ones are structure, not state),
 * in the order of `after`: connections, LAGs, interfaces each followed by its BGP peers, Direct
 * Connect gateways, virtual gateways, Direct Connect gateway associations. A resource that is the same object in both reads (React Query's
 * structural sharing keeps unchanged ones) is skipped without a look, and labels are written only for
 * changes, so a poll that moves one state costs a walk over the lists, not a copy of them.
 */
export function diffStates(before: DxTopology, after: DxTopology): StateChange[] {
  if (before === after) return [];
  // Only the ids where the two reads hold different objects can have changed: when every list keeps
  // its ids in order (a poll that moved states), the maps below hold those alone, not the estate.
  const only = changedIds(before, after);
  const wanted = (r: Resource) => !only || only.has(r.id);
  // An id's previous resource (the last of an id wins, as in a map of every resource).
  const old = new Map<string, Resource>();
  for (const list of listsOf(before)) {
    for (const r of list) if (wanted(r)) old.set(r.id, r);
  }
  // Each id once, at its first place, compared with its last resource in `after` (what a map of
  // `after` would hold).
  const last = new Map<string, Resource>();
  for (const list of listsOf(after)) {
    for (const r of list) if (wanted(r)) last.set(r.id, r);
  }
  const changes: StateChange[] = [];
  const seen = new Set<string>();
  const compare = (r: Resource, kind: string) => {
    if (!wanted(r) || seen.has(r.id)) return;
    seen.add(r.id);
    const now = last.get(r.id)!;
    const was = old.get(r.id);
    if (was && was !== now && was.state !== now.state)
      changes.push({
        id: r.id,
        label: `${kind} ${now.name || now.id}`,
        from: was.state,
        to: now.state,
      });
  };
  for (const c of after.connections) compare(c, "Connection");
  for (const l of after.lags) compare(l, "LAG");
  for (const v of after.virtualInterfaces) {
    const previous = old.get(v.id) as DxVirtualInterface | undefined;
    compare(v, "Interface");
    // The same interface object has the same peers; a peer is compared with itself on the interface's
    // previous read (a BGP peer belongs to one interface for its whole life).
    if (!previous || (previous === v && last.get(v.id) === v)) continue;
    for (const p of v.bgpPeers) {
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      const was = previous.bgpPeers.find((x) => x.id === p.id);
      if (was && was !== p && (was.state !== p.state || was.bgpStatus !== p.bgpStatus)) {
        changes.push({
          id: p.id,
          label: `BGP peer ${p.addressFamily} on ${v.name || v.id}`,
          from: `${was.state}/${was.bgpStatus}`,
          to: `${p.state}/${p.bgpStatus}`,
        });
      }
    }
  }
  for (const g of after.directConnectGateways) compare(g, "DX gateway");
  for (const g of after.virtualGateways) compare(g, "VGW");
  // An association's state is its associated gateway's badge at the map's right edge: the change is
  // that node's (the id the map highlights), named by both ends.
  const associations = new Map(before.directConnectGatewayAssociations.map((a) => [a.id, a]));
  const names = new Map(after.directConnectGateways.map((g) => [g.id, g.name]));
  for (const a of after.directConnectGatewayAssociations) {
    const was = associations.get(a.id);
    if (!was || was === a || was.state === a.state) continue;
    changes.push({
      id: a.associatedGatewayId,
      label: `Association ${names.get(a.directConnectGatewayId) || a.directConnectGatewayId} → ${a.associatedGatewayId}`,
      from: was.state,
      to: a.state,
    });
  }
  return changes;
}
