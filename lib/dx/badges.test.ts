import { describe, expect, it } from "vitest";

import { badgeFor, sessionTone } from "./badges";
import { isTransitional } from "./states";

describe("badgeFor", () => {
  it.each([
    ["available", "success"],
    ["up", "success"],
    ["pending", "progress"],
    ["verifying", "progress"],
    ["confirming", "attention"],
    ["ordering", "attention"],
    ["down", "danger"],
    ["rejected", "danger"],
    ["deleted", "ended"],
    ["unknown", "neutral"],
  ])("maps %s to %s", (state, tone) => {
    expect(badgeFor(state)).toEqual({ label: state, tone });
  });

  it("keeps a state AWS has not documented as text, in a neutral tone", () => {
    expect(badgeFor("approving")).toEqual({ label: "approving", tone: "neutral" });
  });

  it.each([undefined, null, "", "  "])("labels a missing state (%j) as unknown", (state) => {
    expect(badgeFor(state)).toEqual({ label: "unknown", tone: "neutral" });
  });
});

describe("isTransitional", () => {
  it("is true for states that move on", () => {
    expect(isTransitional("pending")).toBe(true);
    expect(isTransitional("requested")).toBe(true);
    expect(isTransitional("deleting")).toBe(true);
  });

  it("is false for states that wait for a person, so a large estate does not poll fast forever", () => {
    expect(isTransitional("confirming")).toBe(false);
    expect(isTransitional("ordering")).toBe(false);
  });

  it("is false for settled and unknown states", () => {
    expect(isTransitional("available")).toBe(false);
    expect(isTransitional("down")).toBe(false);
    expect(isTransitional("approving")).toBe(false);
    expect(isTransitional(undefined)).toBe(false);
  });
});

describe("sessionTone", () => {
  it("colours a session down by its peer: going, coming up, or broken", () => {
    expect(sessionTone({ state: "deleting", bgpStatus: "down" })).toBe("ended");
    expect(sessionTone({ state: "deleted", bgpStatus: "down" })).toBe("ended");
    expect(sessionTone({ state: "pending", bgpStatus: "down" })).toBe("progress");
    expect(sessionTone({ state: "available", bgpStatus: "down" })).toBeUndefined();
    expect(sessionTone({ state: "available", bgpStatus: "up" })).toBeUndefined();
  });
});
