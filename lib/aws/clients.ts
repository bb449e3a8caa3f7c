import "server-only";

import { DirectConnectClient } from "@aws-sdk/client-direct-connect";

import { getDxConfig, type AccountConfig } from "./config";

// One client per (account, region), created on first use and reused: each
// client keeps its own keep-alive connections and signing state.
const clients = new Map<string, DirectConnectClient>();

export function getDirectConnectClient(
  account: AccountConfig,
  region: string,
): DirectConnectClient {
  const key = `${account.alias}/${region}`;
  let client = clients.get(key);
  if (!client) {
    const { endpoint } = getDxConfig();
    client = new DirectConnectClient({
      region,
      endpoint,
      credentials: account.credentials,
      // Fail a read of one account/region in bounded time instead of hanging the
      // whole page; the SDK's standard retry still handles throttling.
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 10_000 },
    });
    clients.set(key, client);
  }
  return client;
}
