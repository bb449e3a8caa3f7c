// The bench's HTTP client: requests as the browser makes them to the dashboard, and calls to the
// emulator's control API (/_dxmap/...).
import http from "node:http";

import type { Dashboard } from "./dashboards";

// Kept-alive connections, as a browser keeps them.
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

export interface Answer {
  status: number;
  body: Buffer;
  ms: number;
  encoding: string | undefined;
}

/**
 * One request; the body as sent (gzip when the server compresses) and how long the whole answer took.
 * A kept-alive socket that the server closed after its idle timeout fails at once: that is retried
 * once on a new one (Node's documented pattern), and only the retry is timed.
 */
export async function request(
  url: string,
  method = "GET",
  body?: unknown,
  headers: Record<string, string> = {},
  from: From = "page",
): Promise<Answer> {
  try {
    return await requestOnce(url, method, body, headers, from);
  } catch (error) {
    if (
      (error as { reusedSocket?: boolean }).reusedSocket &&
      (error as NodeJS.ErrnoException).code === "ECONNRESET"
    )
      return requestOnce(url, method, body, headers, from);
    throw error;
  }
}

/**
 * "page": as the dashboard's own page sends it (with its Origin). "script": as a program does, with
 * no Origin, which the emulator requires (it refuses web pages).
 */
type From = "page" | "script";

function requestOnce(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string>,
  from: From,
): Promise<Answer> {
  const u = new URL(url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        // Host names the server, as checkHost and the emulator want.
        headers: {
          Host: u.host,
          ...(from === "page" ? { Origin: u.origin } : {}),
          "Accept-Encoding": "gzip, deflate, br",
          ...headers,
          ...(payload !== undefined
            ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
            encoding: res.headers["content-encoding"],
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
    req.end(payload);
  });
}

/** A call to the emulator's control API; its JSON answer. */
export async function control(
  emulatorUrl: string,
  method: string,
  pathname: string,
  body?: unknown,
) {
  const res = await request(`${emulatorUrl}${pathname}`, method, body, {}, "script");
  if (res.status >= 300)
    throw new Error(`${method} ${pathname}: ${res.status} ${res.body.toString()}`);
  return JSON.parse(res.body.toString()) as Record<string, unknown>;
}

/** GET /api/topology; with a version, as the dashboard polls (If-None-Match: 304 while unchanged). */
export async function readTopology(dashboard: Dashboard, version?: string) {
  const res = await request(
    `${dashboard.url}/api/topology`,
    "GET",
    undefined,
    version ? { "If-None-Match": `"${version}"` } : {},
  );
  if (res.status !== 200 && !(version && res.status === 304))
    throw new Error(`GET /api/topology: ${res.status} ${res.body.toString().slice(0, 300)}`);
  return res;
}

/** A topology read and the upstream calls it made (the emulator's call log, cleared before it). */
export async function countedRead(dashboard: Dashboard, version?: string) {
  await control(dashboard.emulatorUrl, "DELETE", "/_dxmap/calls");
  const res = await readTopology(dashboard, version);
  const calls = (await control(dashboard.emulatorUrl, "GET", "/_dxmap/calls")).total as number;
  return { ms: res.ms, calls, status: res.status };
}
