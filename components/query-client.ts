import { isServer, QueryClient } from "@tanstack/react-query";

import type { DxApiError } from "@/lib/dx/api-error";

// Every query function goes through fetchJson, which only throws DxApiError.
declare module "@tanstack/react-query" {
  interface Register {
    defaultError: DxApiError;
  }
}

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        // The server's AWS SDK already retries throttling with backoff; a browser
        // retry on top would multiply calls. Polling recovers from a failed read.
        retry: false,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** A new client per server render, one per browser tab for its whole life. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  // Kept at module scope so a render that suspends does not throw the cache away.
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
