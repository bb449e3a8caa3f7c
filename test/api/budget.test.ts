/**
 * Each account's calls stay within its budget (DX_ACCOUNT_CALLS_PER_SECOND), across its regions, as
 * the emulator saw them arrive: no second holds more, and another account's calls do not wait for it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { describeTopology } from "@/lib/aws/topology";

import { startApiHarness, type ApiHarness } from "./harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ DX_ACCOUNT_CALLS_PER_SECOND: "5", DX_CACHE_TTL_MS: "0" });
});
afterAll(() => h?.close());

interface Logged {
  time: string;
  account: string;
  durationMs: number;
}

/**
 * The most calls of `account` that arrived within any `ms` (the log's time is when each was
 * answered: less its duration, when it arrived).
 */
function busiest(calls: Logged[], account: string, ms: number): number {
  const times = calls
    .filter((c) => c.account === account)
    .map((c) => Date.parse(c.time) - c.durationMs)
    .sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("each account's call budget", () => {
  it("spreads an account's calls over every region at 5 per second at most", async () => {
    await h.control("DELETE", "/_dxmap/calls");
    const started = Date.now();
    // Two reads of both accounts: each account makes about 24 calls (5 per region, 2 global, twice).
    await describeTopology({}, "test");
    await describeTopology({}, "test");
    const elapsed = Date.now() - started;
    const log = await h.control<{ total: number; calls: Logged[] }>("GET", "/_dxmap/calls");
    const network = log.body.calls.filter((c) => c.account === "network").length;
    expect(network).toBeGreaterThanOrEqual(20);
    // Planned five a second; a timer the busy event loop fires late can bring two calls closer, so
    // over two seconds: ten, and one for that.
    expect(busiest(log.body.calls, "network", 2000)).toBeLessThanOrEqual(11);
    expect(busiest(log.body.calls, "workload", 2000)).toBeLessThanOrEqual(11);
    // Spread, not dropped: the calls beyond the first second's five took their turn.
    expect(elapsed).toBeGreaterThanOrEqual(((network - 5) / 5) * 1000 - 250);
  });
});
