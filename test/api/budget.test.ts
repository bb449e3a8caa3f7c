/**
 * Each account's calls stay within its budget (DX_ACCOUNT_CALLS_PER_SECOND), across its regions, as
 * the emulator saw them arrive: no second holds more, and another account's calls do not wait for it.
 */
import {
  ConfirmConnectionCommand,
  DescribeVirtualInterfacesCommand,
} from "@aws-sdk/client-direct-connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { forAPerson, inTheBackground } from "@/lib/aws/budget";
import { getDirectConnectClient } from "@/lib/aws/clients";
import { describeTopology } from "@/lib/aws/topology";
import { getDxConfig } from "@/lib/server/config";

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
    // Let through against the clock: five in any second as they left, and as they arrived (a busy
    // event loop may delay one between the two: one for that).
    expect(busiest(log.body.calls, "network", 1000)).toBeLessThanOrEqual(6);
    expect(busiest(log.body.calls, "workload", 1000)).toBeLessThanOrEqual(6);
    expect(busiest(log.body.calls, "network", 2000)).toBeLessThanOrEqual(11);
    // Spread, not dropped: the calls beyond the first second's five took their turn.
    expect(elapsed).toBeGreaterThanOrEqual(((network - 5) / 5) * 1000 - 250);
  });

  it("lets a person's change go ahead of the reads waiting for the account's budget", async () => {
    // Two reads of the estate at once: network's ~24 calls queue behind its five a second.
    const reads = Promise.all([describeTopology({}, "test"), describeTopology({}, "test")]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const network = getDxConfig().accounts.find((a) => a.alias === "network")!;
    const started = Date.now();
    // A change (AWS refuses it: no such connection; it is still a call, and it waits its turn).
    const refused = await getDirectConnectClient(network, "us-east-1")
      .send(new ConfirmConnectionCommand({ connectionId: "dxcon-fgnotthere" }))
      .catch((e: Error) => e);
    const waited = Date.now() - started;
    const readsStarted = Date.now();
    await reads;
    const readsLeft = Date.now() - readsStarted;
    expect((refused as Error).name).toBe("DirectConnectClientException");
    // Behind the reads it would wait two seconds or more; ahead of them, for the next turn (220 ms).
    expect(waited).toBeLessThan(1000);
    expect(readsLeft).toBeGreaterThan(1500);
  });

  it("lets the reads a route makes for a person (those around an approval) go ahead of the collector's", async () => {
    const network = getDxConfig().accounts.find((a) => a.alias === "network")!;
    const client = getDirectConnectClient(network, "us-east-1");
    // What a route reads for a person, while the collector's reads wait for the budget; and a
    // collector's read started from within a person's request stays behind the person.
    const read = (as: "person" | "background") => {
      const send = () => client.send(new DescribeVirtualInterfacesCommand({}));
      const started = Date.now();
      return (as === "person" ? forAPerson(send) : inTheBackground(send)).then(
        () => Date.now() - started,
      );
    };
    const queue = () =>
      inTheBackground(() =>
        Promise.all([describeTopology({}, "test"), describeTopology({}, "test")]),
      );

    let reads = queue();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const person = await read("person");
    await reads;
    // Ahead of the reads: its turn is the next (220 ms), not after the queue's two seconds.
    expect(person).toBeLessThan(1000);

    reads = queue();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const background = await forAPerson(() => read("background"));
    await reads;
    expect(background).toBeGreaterThan(1500);
  });
});
