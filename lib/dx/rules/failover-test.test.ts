import { describe, expect, it } from "vitest";

import { startTestBlocker, testEndsAt } from "./failover-test";
import { peer, vif } from "./test-fixtures";

describe("startTestBlocker", () => {
  it("lets the owner test an available interface with a live session, or one whose sessions are down", () => {
    expect(startTestBlocker(vif())).toBeNull();
    expect(startTestBlocker(vif({ state: "down" }))).toBeNull();
  });

  it("says why not otherwise: no credentials for the owner, not available, already testing, no session", () => {
    expect(startTestBlocker(vif({ ownerAlias: null, ownerAccount: "333333333333" }))).toBe(
      "Only the owner account 333333333333 can test this interface, and dxmap has no credentials for it.",
    );
    expect(startTestBlocker(vif({ state: "pending" }))).toBe(
      "AWS tests an interface that is available (or down); this one is pending.",
    );
    expect(startTestBlocker(vif({ state: "testing" }))).toBe(
      "A failover test is already under way.",
    );
    expect(startTestBlocker(vif({ bgpPeers: [peer({ state: "deleting" })] }))).toBe(
      "This interface has no BGP session to take down.",
    );
  });
});

describe("testEndsAt", () => {
  const started = { startTime: "2026-11-27T10:00:00.000Z", endTime: null };
  it("is AWS's end time once there is one, else the start plus the duration (180 minutes unsaid)", () => {
    expect(testEndsAt({ ...started, durationMinutes: 90 })).toBe("2026-11-27T11:30:00.000Z");
    expect(testEndsAt({ ...started, durationMinutes: null })).toBe("2026-11-27T13:00:00.000Z");
    const ended = { ...started, durationMinutes: 90, endTime: "2026-11-27T10:20:00.000Z" };
    expect(testEndsAt(ended)).toBe("2026-11-27T10:20:00.000Z");
    expect(testEndsAt({ startTime: null, endTime: null, durationMinutes: 5 })).toBeNull();
  });
});
