import "server-only";

import type { DirectConnectClient } from "@aws-sdk/client-direct-connect";
import type { FinalizeHandler, MetadataBearer } from "@smithy/types";
import pThrottle from "p-throttle";

// Each account's calls to Direct Connect share one budget (DX_ACCOUNT_CALLS_PER_SECOND, 5 by
// default), whichever region they go to and whoever makes them (the collector's reads, a person's
// change): AWS throttles per account, and a pass over many regions never bursts past the budget.
// p-throttle's strict mode spaces the calls so that no window of a second holds more than the
// budget; each attempt counts (it waits after the SDK's retry step, before signing). Back-off on
// ThrottlingException is the SDK's own adaptive retry mode (lib/aws/clients.ts).

type Gate = () => Promise<void>;
const KEY = Symbol.for("dxmap.callBudgets");
type Holder = { [KEY]?: Map<string, Gate> };

/** The gate of an account's calls at `perSecond`: one per account id and rate, per process. */
export function accountGate(accountId: string, perSecond: number): Gate {
  const gates = ((globalThis as Holder)[KEY] ??= new Map());
  const key = `${accountId}@${perSecond}`;
  let gate = gates.get(key);
  if (!gate) {
    // Whole calls per window: 5/s is 5 per 1000 ms, 0.5/s one per 2000 ms.
    const limit = perSecond >= 1 ? Math.round(perSecond) : 1;
    const interval = Math.round((1000 * limit) / perSecond);
    gate = pThrottle({ limit, interval, strict: true })(async () => undefined);
    gates.set(key, gate);
  }
  return gate;
}

/** Makes every attempt of `client`'s calls wait for the account's budget. */
export function addCallBudget(client: DirectConnectClient, gate: Gate): void {
  client.middlewareStack.addRelativeTo(
    <Output extends MetadataBearer>(next: FinalizeHandler<object, Output>) =>
      async (args: Parameters<FinalizeHandler<object, Output>>[0]) => {
        await gate();
        return next(args);
      },
    { relation: "before", toMiddleware: "httpSigningMiddleware", name: "dxmapCallBudget" },
  );
}
