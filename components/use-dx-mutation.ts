"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";

import { dxKeys } from "@/lib/dx/query-keys";
import type {
  DxConnection,
  DxFailoverTest,
  DxMutationResult,
  DxVirtualInterface,
} from "@/lib/dx/types";

import { sendJson } from "./fetch-json";

type Result = DxMutationResult<DxVirtualInterface>;

/**
 * A dxmap mutation: one request per submit (the caller disables its form while `isPending`), then the
 * topology is read again so the graph updates without a reload. The server's own retry handles
 * throttling; the browser never retries a mutation.
 */
export function useDxMutation<I, R = Result>(request: (input: I) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    retry: false,
    onSuccess: async () => {
      // A read under way may have been answered before the change. With data, invalidating cancels
      // it; without (a page still showing the server's rows, before its first read arrived), React
      // Query would join it and show the state from before the change: cancel it first.
      await queryClient.cancelQueries({ queryKey: dxKeys.all });
      await queryClient.invalidateQueries({ queryKey: dxKeys.all });
    },
  });
}

// The API calls, named after what they do.
export const dxApi = {
  createBgpPeer: (body: Record<string, unknown>) =>
    sendJson<Result>("/api/bgp-peers", "POST", body),
  deleteBgpPeer: ({ bgpPeerId, ...body }: { bgpPeerId: string } & Record<string, unknown>) =>
    sendJson<Result>(`/api/bgp-peers/${encodeURIComponent(bgpPeerId)}`, "DELETE", body),
  confirmInterface: ({ id, ...body }: { id: string } & Record<string, unknown>) =>
    sendJson<Result>(`/api/virtual-interfaces/${encodeURIComponent(id)}/confirm`, "POST", body),
  createInterface: (body: Record<string, unknown>) =>
    sendJson<Result>("/api/virtual-interfaces", "POST", body),
  deleteInterface: ({ id, ...body }: { id: string } & Record<string, unknown>) =>
    sendJson<Result>(`/api/virtual-interfaces/${encodeURIComponent(id)}`, "DELETE", body),
  /** Starts a failover test on an interface (POST) or ends its test early (DELETE). */
  failoverTest: ({
    id,
    method,
    ...body
  }: { id: string; method: "POST" | "DELETE" } & Record<string, unknown>) =>
    sendJson<DxMutationResult<DxFailoverTest>>(
      `/api/virtual-interfaces/${encodeURIComponent(id)}/failover-test`,
      method,
      body,
    ),
  /** Accepts ("confirm") or declines a hosted connection a partner ordered. */
  hostedConnection: ({
    id,
    action,
    ...body
  }: { id: string; action: "confirm" | "decline" } & Record<string, unknown>) =>
    sendJson<DxMutationResult<DxConnection>>(
      `/api/connections/${encodeURIComponent(id)}/${action}`,
      "POST",
      body,
    ),
};
