// Requests to a dashboard as the browser makes them: topology polls (If-None-Match with the last
// version, A-IM: dxmap-changes, gzip) and changes from the dashboard's own origin, as JSON.
import type http from "node:http";

import { applyTopologyChanges, type DxTopologyChanges } from "../../lib/dx/topology-changes";
import type { DxTopology } from "../../lib/dx/types";
import { json, send, type Reply } from "./http";

/** The headers a browser on the dashboard's own page sends with a change. */
export function sameOrigin(url: string): Record<string, string> {
  const u = new URL(url);
  return { Host: u.host, Origin: u.origin, "Content-Type": "application/json" };
}

/** A change (POST or DELETE) with a JSON body, as the forms send it. */
export function change(
  url: string,
  method: "POST" | "DELETE",
  pathname: string,
  body: unknown,
  agent?: http.Agent,
): Promise<Reply> {
  return send(`${url}${pathname}`, {
    method,
    headers: { ...sameOrigin(url), Accept: "application/json" },
    body: JSON.stringify(body),
    timeoutMs: 60_000,
    ...(agent ? { agent } : {}),
  });
}

/** GET /api/topology as the map polls it: with the version it has, asking for the changes only. */
export function poll(
  url: string,
  version?: string,
  agent?: http.Agent,
  timeoutMs = 60_000,
): Promise<Reply> {
  return send(`${url}/api/topology`, {
    headers: {
      Host: new URL(url).host,
      Accept: "application/json",
      "Accept-Encoding": "gzip, deflate, br",
      ...(version ? { "If-None-Match": `"${version}"`, "A-IM": "dxmap-changes" } : {}),
    },
    timeoutMs,
    ...(agent ? { agent } : {}),
  });
}

/** What a browser tab holds between polls. */
export interface Tab {
  topology?: DxTopology;
}

/**
 * One poll as the map makes it, applied to what the tab holds: a 200 replaces it, a 226 is applied
 * to it (applyTopologyChanges, as components/use-topology.ts does), a 304 keeps it. `held` is false
 * when the answer could not be used (any other status, or changes to a version the tab does not hold).
 */
export async function pollAsBrowser(
  url: string,
  tab: Tab,
  agent?: http.Agent,
  timeoutMs?: number,
): Promise<{ res: Reply; held: boolean }> {
  const res = await poll(url, tab.topology?.version, agent, timeoutMs);
  if (res.status === 200) {
    const body = json<DxTopology>(res);
    if (body) tab.topology = body;
    return { res, held: body !== undefined };
  }
  if (res.status === 226) {
    const delta = json<DxTopologyChanges>(res);
    const next = delta && tab.topology ? applyTopologyChanges(tab.topology, delta) : null;
    if (next) tab.topology = next;
    return { res, held: next !== null };
  }
  return { res, held: res.status === 304 && tab.topology !== undefined };
}

/** The whole topology (200), or throws with what came instead. */
export async function topology(url: string): Promise<DxTopology> {
  const res = await poll(url);
  const body = res.status === 200 ? json<DxTopology>(res) : undefined;
  if (!body)
    throw new Error(`GET /api/topology: ${res.status} ${res.body.toString().slice(0, 300)}`);
  return body;
}

/** The error code of a dxmap error answer ({"error": {"code"}}), if it is one. */
export const errorCode = (res: Reply): string | undefined =>
  json<{ error?: { code?: string } }>(res)?.error?.code;
