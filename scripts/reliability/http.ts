// The reliability suite's HTTP client: requests with exactly the headers and body a case gives (no
// defaults added, so a case can leave out or break any of them), a pool that keeps a number of them
// in flight, and the emulator's control API (faults, the call log).
import http, { type IncomingHttpHeaders } from "node:http";
import { gunzipSync } from "node:zlib";

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  agent?: http.Agent;
  /** The whole exchange; an answer not complete by then rejects. */
  timeoutMs?: number;
}

/** Kept-alive connections, as browsers and the SDK keep them; as many as a pool keeps in flight. */
export const keepAlive = (maxSockets: number) =>
  new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });

const defaultAgent = keepAlive(64);

/**
 * One request. A kept-alive socket that the server closed after its idle timeout fails at once when
 * it is reused, before the server saw anything: that is sent again (Node's documented pattern, and
 * what browsers do), on the next socket, which may have been closed too; only the last is timed.
 */
export async function send(url: string, options: RequestOptions = {}): Promise<Reply> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sendOnce(url, options);
    } catch (error) {
      const stale =
        (error as { reusedSocket?: boolean }).reusedSocket &&
        (error as NodeJS.ErrnoException).code === "ECONNRESET";
      if (!stale || attempt >= 5) throw error;
    }
  }
}

function sendOnce(url: string, options: RequestOptions): Promise<Reply> {
  const u = new URL(url);
  const body =
    options.body === undefined
      ? undefined
      : Buffer.isBuffer(options.body)
        ? options.body
        : Buffer.from(options.body);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      {
        agent: options.agent ?? defaultAgent,
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: options.method ?? "GET",
        headers: {
          ...(body !== undefined ? { "Content-Length": body.length } : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () =>
      req.destroy(new Error(`no answer within ${options.timeoutMs ?? 60_000} ms`)),
    );
    req.on("error", (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
    req.end(body);
  });
}

/** The body as text, gunzipped when the server sent it gzipped. */
export function text(reply: Reply): string {
  const body = reply.headers["content-encoding"] === "gzip" ? gunzipSync(reply.body) : reply.body;
  return body.toString("utf8");
}

/** The body as JSON (gunzipped when it was sent gzipped); undefined when it is not JSON. */
export function json<T = Record<string, unknown>>(reply: Reply): T | undefined {
  try {
    return JSON.parse(text(reply)) as T;
  } catch {
    return undefined;
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight, in order of the items. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** A call to the emulator's control API, as JSON; throws on anything but 2xx. */
export async function control<T = Record<string, unknown>>(
  emulatorUrl: string,
  method: string,
  pathname: string,
  body?: unknown,
): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const res = await send(`${emulatorUrl}${pathname}`, {
    method,
    headers: payload === undefined ? {} : { "Content-Type": "application/json" },
    ...(payload === undefined ? {} : { body: payload }),
    timeoutMs: 30_000,
  });
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${method} ${pathname}: ${res.status} ${res.body.toString().slice(0, 300)}`);
  return JSON.parse(res.body.toString()) as T;
}

export interface CallRecord {
  time: string;
  requestId: string;
  operation: string;
  account: string;
  region: string;
  status: number;
  errorType?: string;
  durationMs: number;
  /** The SDK's attempt number of the call (amz-sdk-request), as the emulator recorded it. */
  attempt?: number;
}

export interface CallLog {
  total: number;
  byOperation: Record<string, number>;
  /** The last 100. */
  calls: CallRecord[];
}

export const callLog = (emulatorUrl: string, query = "") =>
  control<CallLog>(emulatorUrl, "GET", `/_dxmap/calls${query}`);
export const clearCallLog = (emulatorUrl: string) =>
  control(emulatorUrl, "DELETE", "/_dxmap/calls");

/** Whether the emulator answers its health check. */
export async function emulatorHealthy(emulatorUrl: string): Promise<boolean> {
  try {
    const health = await control<{ status?: string }>(emulatorUrl, "GET", "/_dxmap/health");
    return health.status === "ok";
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
