// What changed between two reads: the states the "recent changes" list shows and the graph highlights.
import type { DxTopology, DxVirtualInterface } from "@/lib/dx/types";

export interface StateChange {
  id: string;
  label: string;
  from: string;
  to: string;
}

type Resource = { id: string; state: string; name?: string };

/**
 * State changes of resources present in both reads (new and vanished ones are structure, not state),
 * in the order of `after`: connections, LAGs, interfaces each followed by its BGP peers, Direct
 * Connect gateways, virtual gateways, Direct Connect gateway associations. A resource that is the same object in both reads (React Query's
 * structural sharing keeps unchanged ones) is skipped without a look, and labels are written only for
 * changes, so a poll that moves one state costs a walk over the lists, not a copy of them.
 */
export function diffStates(before: DxTopology, after: DxTopology): StateChange[] {
  if (before === after) return [];
  // An id's previous resource (the last of an id wins, as in a map of every resource).
  const old = new Map<string, Resource>();
  for (const list of [
    before.connections,
    before.lags,
    before.virtualInterfaces,
    before.directConnectGateways,
    before.virtualGateways,
  ] as readonly Resource[][]) {
    for (const r of list) old.set(r.id, r);
  }
  // Each id once, at its first place, compared with its last resource in `after` (what a map of
  // `after` would hold).
  const last = new Map<string, Resource>();
  for (const list of [
    after.connections,
    after.lags,
    after.virtualInterfaces,
    after.directConnectGateways,
    after.virtualGateways,
  ] as readonly Resource[][]) {
    for (const r of list) last.set(r.id, r);
  }
  const changes: StateChange[] = [];
  const seen = new Set<string>();
  const compare = (r: Resource, kind: string) => {
    if (seen.has(r.id)) return;
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
