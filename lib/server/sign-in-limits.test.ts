import { describe, expect, it } from "vitest";

import { ConcurrencyGate, FailureLimit } from "./sign-in-limits";

describe("FailureLimit", () => {
  const fail = (limit: FailureLimit, key: string, now: number) => {
    limit.begin(key, now);
    limit.end(key, true, now);
  };

  it("refuses a key at its limit until its window ends, and says how long", () => {
    const limit = new FailureLimit(3, 60_000);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(limit.retryAfter("a", t0)).toBe(0);
      fail(limit, "a", t0 + i);
    }
    expect(limit.retryAfter("a", t0 + 10_000)).toBe(50);
    expect(limit.retryAfter("b", t0 + 10_000)).toBe(0);
    expect(limit.retryAfter("a", t0 + 59_999)).toBe(1);
    expect(limit.retryAfter("a", t0 + 60_000)).toBe(0);
  });

  it("counts attempts still being checked, so a parallel burst cannot overshoot", () => {
    const limit = new FailureLimit(3, 60_000);
    const admitted = Array.from({ length: 10 }, () => {
      if (limit.retryAfter("a", 0) > 0) return false;
      limit.begin("a", 0);
      return true;
    });
    expect(admitted.filter(Boolean)).toHaveLength(3);
    // Refused for a moment only: those attempts may yet succeed.
    expect(limit.retryAfter("a", 0)).toBe(1);
    limit.end("a", false, 1);
    expect(limit.retryAfter("a", 1)).toBe(0);
  });

  it("forgets a key whose attempts succeeded", () => {
    const limit = new FailureLimit(1, 60_000);
    limit.begin("a", 0);
    limit.end("a", false, 0);
    expect(limit.retryAfter("a", 0)).toBe(0);
  });

  it("keeps at most maxKeys keys, dropping the oldest", () => {
    const limit = new FailureLimit(1, 60_000, 100);
    for (let i = 0; i < 1_000; i++) fail(limit, `name-${i}`, i);
    expect(limit.retryAfter("name-999", 1_000)).toBeGreaterThan(0);
    expect(limit.retryAfter("name-0", 1_000)).toBe(0);
  });
});

describe("ConcurrencyGate", () => {
  it("runs at most `limit` at once, queues up to `queued` in order, and refuses the rest", async () => {
    const gate = new ConcurrencyGate(2, 3);
    const order: number[] = [];
    const entered = Array.from({ length: 7 }, (_, i) => {
      const place = gate.enter();
      return place?.then((release) => {
        order.push(i);
        return release;
      });
    });
    expect(entered.filter((p) => p === undefined)).toHaveLength(2);
    await Promise.resolve();
    expect(order).toEqual([0, 1]);
    (await entered[0]!)();
    (await entered[1]!)();
    await Promise.all([entered[2], entered[3]]);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(gate.enter()).not.toBeNull();
  });

  it("gives a place back once, however often release is called", async () => {
    const gate = new ConcurrencyGate(1, 0);
    const release = await gate.enter()!;
    release();
    release();
    const again = await gate.enter()!;
    expect(gate.enter()).toBeNull();
    again();
  });
});
