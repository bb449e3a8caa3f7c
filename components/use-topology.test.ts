import { describe, expect, it } from "vitest";

import { connection, peer, topology, vif } from "@/lib/topology/fixtures";

import { FAST_POLL_MS, hasTransitionalState, pollIntervalFor, SLOW_POLL_MS } from "./use-topology";

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
