// What the dashboard's process keeps alive, asked through Node's inspector: SIGUSR1 opens it on the
// port the process was given with `--inspect-port` (no flag, no route of the dashboard's own), and the
// Chrome DevTools Protocol forces a full collection and reads `process.memoryUsage()` after it.
// RSS also counts the heap V8 has reserved but not used, and when it last collected; what a leak
// lifts is the memory still held after a full collection.
import WebSocket from "ws";

import { sleep } from "./http";

export interface LiveMemory {
  /** The V8 heap still used after a full collection. */
  heapUsed: number;
  /** Memory held for JavaScript objects outside V8's heap: buffers, WebAssembly (PGlite). */
  external: number;
  rss: number;
}

export interface Inspector {
  /** Forces a full collection, then reads the process's memory. */
  liveMemory(): Promise<LiveMemory>;
  close(): void;
}

const OPEN_TIMEOUT_MS = 10_000;
const CALL_TIMEOUT_MS = 30_000;

/** Opens the inspector of process `pid` (started with `--inspect-port=host:port`) and connects. */
export async function inspect(pid: number, port: number): Promise<Inspector> {
  process.kill(pid, "SIGUSR1");
  const until = Date.now() + OPEN_TIMEOUT_MS;
  let target: string | undefined;
  let last = "no answer yet";
  while (!target) {
    if (Date.now() > until)
      throw new Error(`process ${pid}'s inspector did not open on port ${port}: ${last}`);
    try {
      const list = (await (
        await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(2_000) })
      ).json()) as { webSocketDebuggerUrl?: string }[];
      target = list[0]?.webSocketDebuggerUrl;
      if (!target) last = "no target to attach to (another debugger attached?)";
    } catch (error) {
      last = (error as Error).message;
    }
    if (!target) await sleep(100);
  }
  const socket = new WebSocket(target, { handshakeTimeout: OPEN_TIMEOUT_MS });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  let nextId = 1;
  const pending = new Map<number, (m: { result?: unknown; error?: { message: string } }) => void>();
  socket.on("message", (data) => {
    const m = JSON.parse(String(data)) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
    };
    if (m.id !== undefined) pending.get(m.id)?.(m);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method}: no answer from the inspector within ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      pending.set(id, (m) => {
        clearTimeout(timer);
        pending.delete(id);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
  // The port could be another process's inspector (Node starts without one when the port is taken).
  const { result: who } = (await call("Runtime.evaluate", {
    expression: "process.pid",
    returnByValue: true,
  })) as { result: { value: number } };
  if (who.value !== pid) {
    socket.close();
    throw new Error(`the inspector on port ${port} is process ${who.value}'s, not ${pid}'s`);
  }
  return {
    async liveMemory() {
      await call("HeapProfiler.collectGarbage");
      const { result } = (await call("Runtime.evaluate", {
        expression: "JSON.stringify(process.memoryUsage())",
        returnByValue: true,
      })) as { result: { value: string } };
      const usage = JSON.parse(result.value) as NodeJS.MemoryUsage;
      return { heapUsed: usage.heapUsed, external: usage.external, rss: usage.rss };
    },
    close: () => socket.close(),
  };
}
