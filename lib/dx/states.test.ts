import { describe, expect, it } from "vitest";

import {
  AWAITING_A_PERSON_STATES,
  BGP_PEER_STATE,
  BGP_STATUS,
  BROKEN_STATES,
  inFailoverTest,
  CONNECTION_STATE,
  DXGW_ASSOCIATION_STATE,
  DXGW_ATTACHMENT_STATE,
  DXGW_STATE,
  GOING_OR_GONE_STATES,
  HEALTHY_STATES,
  isGoingOrGone,
  isTransitional,
  LAG_STATE,
  sessionDown,
  sessionFault,
  TRANSITIONAL_STATES,
  UNKNOWN_STATE,
  VGW_STATE,
  VIF_STATE,
} from "./states";

const EVERY_STATE = new Set<string>(
  [
    CONNECTION_STATE,
    LAG_STATE,
    VIF_STATE,
    BGP_PEER_STATE,
    BGP_STATUS,
    DXGW_STATE,
    DXGW_ASSOCIATION_STATE,
    DXGW_ATTACHMENT_STATE,
    VGW_STATE,
  ].flatMap((states) => Object.values(states)),
);

describe("the state groups", () => {
  const groups = {
    transitional: TRANSITIONAL_STATES,
    awaitingAPerson: AWAITING_A_PERSON_STATES,
    healthy: HEALTHY_STATES,
    broken: BROKEN_STATES,
    goingOrGone: GOING_OR_GONE_STATES,
  };

  it("place every state AWS documents in a group, but unknown", () => {
    const grouped = new Set<string>(Object.values(groups).flat());
    expect([...EVERY_STATE].filter((s) => !grouped.has(s))).toEqual([UNKNOWN_STATE]);
  });

  it("overlap only where AWS finishes by itself what was asked to go", () => {
    const { goingOrGone, ...others } = groups;
    const seen = new Map<string, string[]>();
    for (const [name, states] of Object.entries(others))
      for (const s of states) seen.set(s, [...(seen.get(s) ?? []), name]);
    expect([...seen.values()].every((names) => names.length === 1)).toBe(true);
    const both = goingOrGone.filter((s) => isTransitional(s));
    expect(both.sort()).toEqual(["deleting", "detaching", "disassociating"]);
    expect(isGoingOrGone("deleted") && !isTransitional("deleted")).toBe(true);
  });

  it("hold no state AWS may add later", () => {
    expect(isTransitional("approving")).toBe(false);
    expect(isGoingOrGone("approving")).toBe(false);
    expect(isGoingOrGone(undefined)).toBe(false);
  });
});

describe("sessionDown", () => {
  it("is a session down on a peer AWS has set up, not on one coming up or going", () => {
    expect(sessionDown({ state: "available", bgpStatus: "down" })).toBe(true);
    expect(sessionDown({ state: "pending", bgpStatus: "down" })).toBe(false);
    expect(sessionDown({ state: "deleting", bgpStatus: "down" })).toBe(false);
    expect(sessionDown({ state: "available", bgpStatus: "up" })).toBe(false);
  });
});

describe("sessionFault", () => {
  const down = { id: "dxpeer-aaaa1111", state: "available", bgpStatus: "down" };
  const test = { testId: "t", bgpPeerIds: [down.id], endsAt: null };
  it("is a session down that no failover test holds down", () => {
    expect(sessionFault(down, { state: "down", failoverTest: null })).toBe(true);
    expect(sessionFault(down, { state: "testing", failoverTest: test })).toBe(false);
  });

  it("is a session down beside a test that names other peers", () => {
    const other = { ...test, bgpPeerIds: ["dxpeer-bbbb2222"] };
    expect(inFailoverTest({ state: "testing", failoverTest: other }, down.id)).toBe(false);
    expect(sessionFault(down, { state: "testing", failoverTest: other })).toBe(true);
  });

  it("takes every session of a testing interface for tested while its test cannot be read", () => {
    expect(inFailoverTest({ state: "testing", failoverTest: null }, down.id)).toBe(true);
    // A test over (the interface available again) holds nothing down, whatever was last read.
    expect(inFailoverTest({ state: "available", failoverTest: test }, down.id)).toBe(false);
  });
});
