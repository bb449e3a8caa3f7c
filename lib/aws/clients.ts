import "server-only";

import { DirectConnectClient } from "@aws-sdk/client-direct-connect";

import { getDxConfig, type AccountConfig } from "@/lib/server/config";

import { accountGate, addCallBudget } from "./budget";
import { reuseUnchangedAnswers } from "./same-answer";

// One client per (account, region), created on first use and reused: each client keeps its own
// keep-alive connections and signing state, and (for assumed roles) its cached credentials.
const clients = new Map<string, DirectConnectClient>();

export function getDirectConnectClient(
  account: AccountConfig,
  region: string,
): DirectConnectClient {
  const key = `${account.alias}/${region}`;
  let client = clients.get(key);
  if (!client) {
    const { endpoint, maxAttempts, upstreamTimeoutMs, callsPerSecond } = getDxConfig();
    client = new DirectConnectClient({
      region,
      ...(endpoint ? { endpoint } : {}),
      credentials: account.credentials,
      // The SDK's standard retry (throttling and 5xx, with backoff), bounded; the browser adds none.
      // (Not "adaptive": its client-side rate limiter held calls back after a throttle, so during a
      // throttling storm the collector's passes took longer and the map showed the storm late.)
      retryMode: "standard",
      maxAttempts,
      // Every attempt is bounded in time: one slow account or region never hangs the page.
      requestHandler: {
        connectionTimeout: Math.min(2_000, upstreamTimeoutMs),
        requestTimeout: upstreamTimeoutMs,
      },
      // The SDK's own option: resolve each command's middleware stack once per client, not on every
      // call (a read makes many calls, and resolving and sorting the stack for each was a noticeable
      // part of each read's CPU). dxmap adds its middleware here, before any call, and never after;
      // and it sends commands without per-call options, which would bypass (and drop) that cache.
      cacheMiddleware: true,
    });
    reuseUnchangedAnswers(client);
    addCallBudget(client, accountGate(account.accountId, callsPerSecond));
    clients.set(key, client);
  }
  return client;
}

/** Tests point dxmap at a new emulator between cases. */
export function resetClients(): void {
  for (const client of clients.values()) client.destroy();
  clients.clear();
}
