import { describe, expect, it } from "vitest";

import { connection, peer, topology, vif } from "@/lib/topology/fixtures";

import { applyTopologyChanges, type DxTopologyChanges } from "@/lib/dx/topology-changes";

import {
  FAST_POLL_MS,
  hasTransitionalState,
  pollIntervalFor,
  SLOW_POLL_MS,
  withWholeListsShared,
} from "./use-topology";

const c = connection(1);
const withVif = (state: string, peerState: string) =>
  topology({
    connections: [c],
    virtualInterfaces: [vif(1, c.id, { state, bgpPeers: [peer(1, { state: peerState })] })],
  });

describe("polling speed", () => {
  it("polls fast while AWS moves something on by itself", () => {
    expect(FAST_POLL_MS).toBeLessThan(SLOW_POLL_MS);
    expect(hasTransitionalState(withVif("pending", "available"))).toBe(true);
    expect(hasTransitionalState(withVif("available", "pending"))).toBe(true);
    expect(hasTransitionalState(withVif("available", "deleting"))).toBe(true);
    expect(
      hasTransitionalState(topology({ connections: [connection(2, { state: "requested" })] })),
    ).toBe(true);
  });

  it("polls slowly when everything is settled or waits for a person: a confirming interface and its pending peers", () => {
    expect(hasTransitionalState(withVif("available", "available"))).toBe(false);
    expect(hasTransitionalState(withVif("down", "available"))).toBe(false);
    expect(hasTransitionalState(withVif("confirming", "pending"))).toBe(false);
    expect(
      hasTransitionalState(topology({ connections: [connection(2, { state: "ordering" })] })),
    ).toBe(false);
  });

  it("polls at the pace of the read it holds: fast while it has something moving, slowly otherwise", () => {
    const moving = withVif("pending", "available");
    const settled = withVif("available", "available");
    expect(pollIntervalFor(moving)).toBe(FAST_POLL_MS);
    expect(pollIntervalFor(settled)).toBe(SLOW_POLL_MS);
    // Asked again of the same reads (every render asks): the same answers.
    expect(pollIntervalFor(moving)).toBe(FAST_POLL_MS);
    expect(pollIntervalFor(settled)).toBe(SLOW_POLL_MS);
    expect(pollIntervalFor(undefined)).toBe(SLOW_POLL_MS);
  });
});

describe("a poll's changes applied to the read before", () => {
  it("keep the unchanged items of a list sent whole (one interface added) as the objects they were", () => {
    const before = {
      ...topology({
        connections: [c],
        virtualInterfaces: [1, 2, 3].map((i) => vif(i, c.id, { bgpPeers: [peer(i)] })),
      }),
      version: "v1",
    };
    // As the server sends it: parsed JSON, every item a new object; the second changed, one added.
    const list = JSON.parse(
      JSON.stringify(before.virtualInterfaces),
    ) as typeof before.virtualInterfaces;
    list[1] = { ...list[1]!, state: "down" };
    list.push(vif(4, c.id, { bgpPeers: [peer(4)] }));
    const delta: DxTopologyChanges = {
      base: "v1",
      version: "v2",
      readAt: "2026-12-07T00:00:02.000Z",
      changes: { virtualInterfaces: { all: list } },
    };
    const after = withWholeListsShared(before, applyTopologyChanges(before, delta)!, delta.changes);
    const [a, b, c3, d] = after.virtualInterfaces;
    expect(a).toBe(before.virtualInterfaces[0]);
    expect(c3).toBe(before.virtualInterfaces[2]);
    expect(b).not.toBe(before.virtualInterfaces[1]);
    expect(b!.state).toBe("down");
    // Within the changed interface, its unchanged session is the object it was.
    expect(b!.bgpPeers[0]).toBe(before.virtualInterfaces[1]!.bgpPeers[0]);
    expect(d!.id).toBe(vif(4, c.id).id);
    expect(after.connections).toBe(before.connections);
  });
});
