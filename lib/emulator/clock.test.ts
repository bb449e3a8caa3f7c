import { describe, expect, it } from "vitest";

import { applyDueSteps, nextDue } from "./clock";
import { seedState } from "./seed";
import { DEFAULT_ACCOUNTS } from "./emulator";

const NOW = Date.UTC(2026, 10, 27, 12);
const STEP = 3_000;

describe("nextDue", () => {
  it("is the first moment applyDueSteps changes anything: nothing before it, something at it", () => {
    const state = seedState("default", DEFAULT_ACCOUNTS, NOW, STEP);
    applyDueSteps(state, NOW);
    const due = nextDue(state);
    expect(due).toBe(NOW + STEP);
    const before = structuredClone(state);
    expect(applyDueSteps(before, due - 1)).toBe(false);
    expect(before).toEqual(state);
    expect(applyDueSteps(state, due)).toBe(true);
  });

  it("is Infinity once every step is done and nothing deleted waits to be forgotten", () => {
    const state = seedState("default", DEFAULT_ACCOUNTS, NOW, STEP);
    applyDueSteps(state, NOW + 60_000);
    expect(nextDue(state)).toBe(Infinity);
  });

  it("is now for a deleted peer that has finished its last step, and the retention end for a deleted interface", () => {
    const state = seedState("default", DEFAULT_ACCOUNTS, NOW, STEP);
    applyDueSteps(state, NOW + 60_000);
    const [vif] = Object.values(state.virtualInterfaces).filter((v) => v.peers.length > 0);
    vif!.peers[0]!.state = "deleted";
    expect(nextDue(state)).toBe(0);
    applyDueSteps(state, NOW + 60_000);
    vif!.state = "deleted";
    expect(nextDue(state)).toBe(0);
    applyDueSteps(state, NOW + 61_000);
    expect(nextDue(state)).toBe(NOW + 61_000 + 15 * 60 * 1000);
  });
});
