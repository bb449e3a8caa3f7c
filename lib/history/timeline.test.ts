import { describe, expect, it } from "vitest";

import { auditEntry, event } from "./fixtures";
import { DAY_MS, flapCount, HOUR_MS, mergeHistory, spansOf, timeline, uptime } from "./timeline";

const NOW = Date.parse("2026-12-06T12:00:00Z");
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe("spansOf", () => {
  it("with no event, is the current value since an unknown start, or nothing", () => {
    expect(spansOf([], "dxpeer-1", "bgpStatus", NOW, "up")).toEqual([
      { value: "up", start: null, end: null, durationMs: null },
    ]);
    expect(spansOf([], "dxpeer-1", "bgpStatus", NOW)).toEqual([]);
    expect(spansOf([], "dxpeer-1", "bgpStatus", NOW, null)).toEqual([]);
  });

  it("holds each value from its event to the next, the first from before anything stored, in any order", () => {
    const down = event({ time: ago(3 * HOUR_MS), from: "up", to: "down" });
    const up = event({ time: ago(HOUR_MS), from: "down", to: "up" });
    const spans = spansOf([up, down], "dxpeer-1", "bgpStatus", NOW, "up");
    expect(spans).toEqual([
      { value: "up", start: null, end: NOW - 3 * HOUR_MS, durationMs: null },
      { value: "down", start: NOW - 3 * HOUR_MS, end: NOW - HOUR_MS, durationMs: 2 * HOUR_MS },
      { value: "up", start: NOW - HOUR_MS, end: null, durationMs: HOUR_MS },
    ]);
  });

  it("starts with the event that says the resource appeared, and ends in null when it went", () => {
    const events = [
      event({ field: "state", time: ago(5 * HOUR_MS), from: null, to: "pending" }),
      event({ field: "state", time: ago(4 * HOUR_MS), from: "pending", to: "available" }),
      event({ field: "state", time: ago(2 * HOUR_MS), from: "available", to: "deleting" }),
      event({ field: "state", time: ago(HOUR_MS), from: "deleting", to: null }),
    ];
    const spans = spansOf(events, "dxpeer-1", "state", NOW);
    expect(spans.map((s) => [s.value, s.durationMs])).toEqual([
      ["pending", HOUR_MS],
      ["available", 2 * HOUR_MS],
      ["deleting", HOUR_MS],
      [null, HOUR_MS],
    ]);
    expect(spans[0]!.start).toBe(NOW - 5 * HOUR_MS);
  });

  it("ignores other resources' and other fields' events", () => {
    const events = [
      event({ time: ago(HOUR_MS), resourceId: "dxpeer-2" }),
      event({ time: ago(HOUR_MS), field: "state", from: "available", to: "deleting" }),
    ];
    expect(spansOf(events, "dxpeer-1", "bgpStatus", NOW, "up")).toEqual([
      { value: "up", start: null, end: null, durationMs: null },
    ]);
  });

  it("claims nothing before the oldest event of an answer cut short", () => {
    const events = [event({ time: ago(HOUR_MS), from: "up", to: "down" })];
    expect(spansOf(events, "dxpeer-1", "bgpStatus", NOW, "down", true)).toEqual([
      { value: "down", start: NOW - HOUR_MS, end: null, durationMs: HOUR_MS },
    ]);
  });

  it("orders events of the same instant by their ids", () => {
    const t = ago(HOUR_MS);
    const first = event({ time: t, from: "up", to: "down" });
    const second = event({ time: t, from: "down", to: "up" });
    const spans = spansOf([second, first], "dxpeer-1", "bgpStatus", NOW);
    expect(spans.map((s) => s.value)).toEqual(["up", "down", "up"]);
  });
});

describe("uptime", () => {
  it("is the time up over the time observed in the window", () => {
    // Up until 3 h ago, down for 2 h, up since.
    const spans = spansOf(
      [
        event({ time: ago(3 * HOUR_MS), from: "up", to: "down" }),
        event({ time: ago(HOUR_MS), from: "down", to: "up" }),
      ],
      "dxpeer-1",
      "bgpStatus",
      NOW,
    );
    expect(uptime(spans, NOW, DAY_MS)).toBeCloseTo(22 / 24);
    expect(uptime(spans, NOW, 7 * DAY_MS)).toBeCloseTo(1 - 2 / (7 * 24));
    // A window inside the outage.
    expect(uptime(spans, NOW - HOUR_MS, HOUR_MS)).toBe(0);
  });

  it("counts only the time the resource existed, and is null when it never did in the window", () => {
    const spans = spansOf(
      [
        event({ time: ago(10 * DAY_MS), from: null, to: "up" }),
        event({ time: ago(9 * DAY_MS), from: "up", to: "down" }),
        event({ time: ago(8 * DAY_MS), from: "down", to: null }),
      ],
      "dxpeer-1",
      "bgpStatus",
      NOW,
    );
    expect(uptime(spans, NOW, DAY_MS)).toBeNull();
    expect(uptime(spans, NOW, 7 * DAY_MS)).toBeNull();
    expect(uptime(spans, NOW, 30 * DAY_MS)).toBeCloseTo(0.5);
  });

  it("of a session with no recorded change is its current status throughout", () => {
    expect(uptime(spansOf([], "dxpeer-1", "bgpStatus", NOW, "up"), NOW, DAY_MS)).toBe(1);
    expect(uptime(spansOf([], "dxpeer-1", "bgpStatus", NOW, "down"), NOW, DAY_MS)).toBe(0);
    expect(uptime([], NOW, DAY_MS)).toBeNull();
  });

  it("counts unknown as not up", () => {
    const spans = spansOf(
      [event({ time: ago(12 * HOUR_MS), from: "up", to: "unknown" })],
      "dxpeer-1",
      "bgpStatus",
      NOW,
    );
    expect(uptime(spans, NOW, DAY_MS)).toBeCloseTo(0.5);
  });
});

describe("flapCount", () => {
  it("counts changes of status in the last 24 h, not the session appearing or going", () => {
    const events = [
      event({ time: ago(25 * HOUR_MS), from: "up", to: "down" }),
      event({ time: ago(23 * HOUR_MS), from: "down", to: "up" }),
      event({ time: ago(2 * HOUR_MS), from: "up", to: "down" }),
      event({ time: ago(HOUR_MS), from: "down", to: "up" }),
      event({ time: ago(HOUR_MS), from: null, to: "up", resourceId: "dxpeer-2" }),
      event({ time: ago(HOUR_MS), from: "up", to: null }),
      event({ time: ago(HOUR_MS), field: "state", from: "available", to: "deleting" }),
    ];
    expect(flapCount(events, "dxpeer-1", NOW)).toBe(3);
    expect(flapCount(events, "dxpeer-2", NOW)).toBe(0);
    expect(flapCount(events, "dxpeer-1", NOW, 2 * DAY_MS)).toBe(4);
  });
});

describe("timeline", () => {
  it("puts the states, the session's spans, uptime and flaps together", () => {
    const t = timeline({
      events: [
        event({ time: ago(2 * HOUR_MS), from: "up", to: "down" }),
        event({ time: ago(3 * HOUR_MS), field: "state", from: "pending", to: "available" }),
      ],
      resourceId: "dxpeer-1",
      now: NOW,
      current: { state: "available", bgpStatus: "down" },
    });
    expect(t.states.map((s) => s.value)).toEqual(["pending", "available"]);
    expect(t.bgp.map((s) => s.value)).toEqual(["up", "down"]);
    expect(t.uptime["24h"]).toBeCloseTo(22 / 24);
    expect(t.uptime["30d"]).toBeCloseTo(1 - 2 / (30 * 24));
    expect(t.flaps24h).toBe(1);
  });

  it("of a resource without a session has no BGP spans and no uptime", () => {
    const t = timeline({
      events: [],
      resourceId: "dxcon-1",
      now: NOW,
      current: { state: "available" },
    });
    expect(t.states).toHaveLength(1);
    expect(t.bgp).toEqual([]);
    expect(t.uptime).toEqual({ "24h": null, "7d": null, "30d": null });
  });
});

describe("mergeHistory", () => {
  it("interleaves events and audit entries by time, newest first, the change below what it caused", () => {
    const asked = auditEntry({ time: ago(2 * HOUR_MS) });
    const caused = event({
      time: ago(2 * HOUR_MS),
      field: "state",
      from: "available",
      to: "deleting",
    });
    const later = event({ time: ago(HOUR_MS), field: "state", from: "deleting", to: null });
    const before = auditEntry({ time: ago(3 * HOUR_MS), operation: "CreateBGPPeer" });
    const items = mergeHistory([later, caused], [before, asked]);
    expect(items.map((i) => (i.kind === "event" ? i.event.id : i.entry.requestId))).toEqual([
      later.id,
      caused.id,
      asked.requestId,
      before.requestId,
    ]);
  });

  it("puts an unreadable time last", () => {
    const bad = auditEntry({ time: "yesterday" });
    const good = event({ time: ago(HOUR_MS) });
    expect(mergeHistory([good], [bad]).map((i) => i.kind)).toEqual(["event", "audit"]);
  });
});
