import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { DxTopology } from "@/lib/dx/types";

import { ChangeMarks, diffStates, type StateChange } from "./changes";
import { estate } from "./fixtures";

const STATES = ["available", "down", "pending", "deleting"];

/** A poll's answer as React Query hands it over: the changed resources new objects, the rest the same. */
function changed(
  before: DxTopology,
  edits: { list: number; index: number; state: string; peer: boolean }[],
  moved: boolean,
): DxTopology {
  const lists = {
    connections: [...before.connections],
    virtualInterfaces: [...before.virtualInterfaces],
    directConnectGateways: [...before.directConnectGateways],
  };
  for (const e of edits) {
    if (e.list === 0) {
      const i = e.index % lists.connections.length;
      lists.connections[i] = { ...lists.connections[i]!, state: e.state };
    } else if (e.list === 1) {
      const i = e.index % lists.virtualInterfaces.length;
      const v = lists.virtualInterfaces[i]!;
      lists.virtualInterfaces[i] = e.peer
        ? { ...v, bgpPeers: v.bgpPeers.map((p, k) => (k === 0 ? { ...p, bgpStatus: e.state } : p)) }
        : { ...v, state: e.state };
    } else {
      const i = e.index % lists.directConnectGateways.length;
      lists.directConnectGateways[i] = { ...lists.directConnectGateways[i]!, state: e.state };
    }
  }
  // Something moved: the lists no longer keep their ids in order.
  if (moved) lists.virtualInterfaces.push(lists.virtualInterfaces.shift()!);
  return { ...before, ...lists };
}

/** What changed, found the plain way: every resource of both reads looked up by id and compared by value. */
function byValue(before: DxTopology, after: DxTopology): StateChange[] {
  type R = { id: string; state: string; name?: string };
  const lists = (t: DxTopology): [R[], string][] => [
    [t.connections, "Connection"],
    [t.lags, "LAG"],
    [t.virtualInterfaces, "Interface"],
    [t.directConnectGateways, "DX gateway"],
    [t.virtualGateways, "VGW"],
  ];
  const old = new Map(lists(before).flatMap(([l]) => l.map((r) => [r.id, r] as const)));
  const changes: StateChange[] = [];
  for (const [list, kind] of lists(after)) {
    for (const r of list) {
      const was = old.get(r.id);
      if (was && was.state !== r.state)
        changes.push({
          id: r.id,
          label: `${kind} ${r.name || r.id}`,
          from: was.state,
          to: r.state,
        });
      if (kind !== "Interface" || !was) continue;
      const v = r as DxTopology["virtualInterfaces"][number];
      for (const p of v.bgpPeers) {
        const q = (was as typeof v).bgpPeers.find((x) => x.id === p.id);
        if (q && (q.state !== p.state || q.bgpStatus !== p.bgpStatus))
          changes.push({
            id: p.id,
            label: `BGP peer ${p.addressFamily} on ${v.name || v.id}`,
            from: `${q.state}/${q.bgpStatus}`,
            to: `${p.state}/${p.bgpStatus}`,
          });
      }
    }
  }
  return changes;
}

describe("diffStates on a poll that keeps most resources the same objects", () => {
  const before = estate(12, 4, 2);

  it("finds what comparing every resource by value finds, whether or not the lists kept their order", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            list: fc.integer({ min: 0, max: 2 }),
            index: fc.nat(),
            state: fc.constantFrom(...STATES),
            peer: fc.boolean(),
          }),
          { maxLength: 8 },
        ),
        fc.boolean(),
        (edits, moved) => {
          const after = changed(before, edits, moved);
          expect(diffStates(before, after)).toEqual(byValue(before, after));
        },
      ),
    );
  });

  it("lists a state that moved among many unchanged", () => {
    const after = changed(before, [{ list: 1, index: 7, state: "down", peer: false }], false);
    const v = before.virtualInterfaces[7]!;
    expect(diffStates(before, after)).toEqual([
      { id: v.id, label: `Interface ${v.name}`, from: "available", to: "down" },
    ]);
  });
});

describe("ChangeMarks", () => {
  it("ends a change's marks, except those a later change made again", () => {
    const marks = new ChangeMarks();
    const first = marks.mark(["dxvif-1", "dxpeer-1"]);
    const second = marks.mark(["dxpeer-1", "dxcon-1"]);
    expect([...marks.marked()].sort()).toEqual(["dxcon-1", "dxpeer-1", "dxvif-1"]);
    marks.end(first);
    expect([...marks.marked()].sort()).toEqual(["dxcon-1", "dxpeer-1"]);
    marks.end(second);
    expect(marks.marked().size).toBe(0);
  });
});
