// What changed between two reads: the states the "recent changes" list shows and the graph highlights.
import type { DxTopology } from "@/lib/dx/types";

export interface StateChange {
  id: string;
  label: string;
  from: string;
  to: string;
}

function states(t: DxTopology): Map<string, { label: string; state: string }> {
  const map = new Map<string, { label: string; state: string }>();
  for (const c of t.connections) map.set(c.id, { label: `Connection ${c.name || c.id}`, state: c.state });
  for (const l of t.lags) map.set(l.id, { label: `LAG ${l.name || l.id}`, state: l.state });
  for (const v of t.virtualInterfaces) {
    map.set(v.id, { label: `Interface ${v.name || v.id}`, state: v.state });
    for (const p of v.bgpPeers) map.set(p.id, { label: `BGP peer ${p.addressFamily} on ${v.name || v.id}`, state: `${p.state}/${p.bgpStatus}` });
  }
  for (const g of t.directConnectGateways) map.set(g.id, { label: `DX gateway ${g.name || g.id}`, state: g.state });
  for (const g of t.virtualGateways) map.set(g.id, { label: `VGW ${g.id}`, state: g.state });
  return map;
}

/** State changes of resources present in both reads (new and vanished ones are structure, not state). */
export function diffStates(before: DxTopology, after: DxTopology): StateChange[] {
  const old = states(before);
  const changes: StateChange[] = [];
  for (const [id, now] of states(after)) {
    const was = old.get(id);
    if (was && was.state !== now.state) changes.push({ id, label: now.label, from: was.state, to: now.state });
  }
  return changes;
}
