/**
 * The emulator's HTTP server. Every request first gets its request id and has its caller checked
 * (callers.ts: Host, Origin, Sec-Fetch-Site), before anything is read or logged. AWS calls then go
 * through the order AWS JSON services use (and dynalite follows): size limit, content type, target →
 * operation, SigV4, JSON parse, injected faults, validation against the official model, then the
 * operation on the store (emulator.ts). Paths under /_dxmap/ are the control API (control.ts); no
 * AWS operation uses them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { verifySigV4 } from "./auth";
import { callerRefusal, hostRules } from "./callers";
import { handleControl, refuseControl } from "./control";
import { Emulator, type EmulatorOptions } from "./emulator";
import { AwsError, ServerError, ThrottlingError } from "./errors";
import { isKnownOperation, targetPrefix } from "./model";
import { toWire } from "./wire";

/** Larger bodies are refused before they are read (emulator choice; real requests are a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;
const CONTENT_TYPE = "application/x-amz-json-1.1";

function send(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === "string" ? body : toWire(body));
  res.writeHead(status, { "Content-Type": CONTENT_TYPE, "Content-Length": bytes.length });
  res.end(bytes);
}

function sendError(res: ServerResponse, error: AwsError): void {
  // botocore reads __type and message; SDK v3 reads x-amzn-errortype first.
  res.setHeader("x-amzn-ErrorType", `${error.type}:`);
  send(res, error.status, { __type: error.type, message: error.message });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const tooLarge = () =>
  new AwsError(
    "RequestEntityTooLargeException",
    `Request body must be at most ${MAX_BODY_BYTES} bytes.`,
    413,
  );

async function handleAws(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const started = performance.now();
  let operation = "";
  let caller: { alias: string; region: string } = { alias: "", region: "" };
  let status = 200;
  let errorType: string | undefined;
  try {
    if (req.method !== "POST" || (req.url ?? "/").split("?")[0] !== "/") {
      throw new AwsError(
        "UnknownOperationException",
        `${req.method} ${req.url} is not an AWS Direct Connect operation. Send POST / with X-Amz-Target.`,
        404,
      );
    }
    const body = await readBody(req);
    const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (contentType !== CONTENT_TYPE) {
      throw new AwsError(
        "UnsupportedMediaTypeException",
        `Content-Type must be ${CONTENT_TYPE}, not "${contentType}".`,
        415,
      );
    }
    const target = String(req.headers["x-amz-target"] ?? "");
    const [prefix, name = ""] = target.split(".", 2);
    if (prefix !== targetPrefix || !isKnownOperation(name)) {
      throw new AwsError(
        "UnknownOperationException",
        target ? `Unknown operation ${target}.` : "Missing X-Amz-Target header.",
      );
    }
    operation = name;
    const verified = await verifySigV4(
      { method: "POST", path: req.url ?? "/", headers: req.headers, body },
      emulator.accounts,
    );
    caller = { alias: verified.account.alias, region: verified.region };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw new AwsError("SerializationException", "The request body is not valid JSON.");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new AwsError("SerializationException", "The request body must be a JSON object.");
    }
    const fault = await emulator.faults.apply({
      account: verified.account,
      region: verified.region,
      operation,
    });
    if (fault === "throttle") throw new ThrottlingError();
    if (fault === "error") throw new ServerError();
    send(
      res,
      200,
      await emulator.answer(
        operation,
        parsed as Record<string, unknown>,
        verified.account,
        verified.region,
      ),
    );
  } catch (error) {
    const aws = error instanceof AwsError ? error : new ServerError();
    if (!(error instanceof AwsError)) console.error(`[emulator] ${requestId} ${operation}:`, error);
    status = aws.status;
    errorType = aws.type;
    sendError(res, aws);
  } finally {
    emulator.record({
      time: new Date().toISOString(),
      requestId,
      operation,
      account: caller.alias,
      region: caller.region,
      status,
      ...(errorType ? { errorType } : {}),
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      ...attemptOf(req.headers["amz-sdk-request"]),
    });
  }
}

/** The attempt number the SDK's amz-sdk-request header names ("attempt=2; max=3"), if any. */
function attemptOf(header: string | string[] | undefined): { attempt?: number } {
  const m = /(?:^|;)\s*attempt=(\d{1,3})\b/.exec(
    Array.isArray(header) ? header[0]! : (header ?? ""),
  );
  return m ? { attempt: Number(m[1]) } : {};
}

export interface RunningEmulator {
  url: string;
  port: number;
  emulator: Emulator;
  server: Server;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const hosts = hostRules(options.allowedHosts ?? [], host);
  const emulator = new Emulator(options);
  await emulator.persistence.commit();
  emulator.start();
  const server = createServer((req, res) => {
    const requestId = randomUUID();
    res.setHeader("x-amzn-RequestId", requestId);
    const url = req.url ?? "/";
    const control = url.startsWith("/_dxmap/");
    const refused = callerRefusal(req.headers, hosts);
    if (refused) {
      // Nothing of the request is read, and the connection is not kept for a caller that is not one.
      res.setHeader("Connection", "close");
      // Emulator choice: no public source says how AWS answers a request from a browser page.
      if (control) refuseControl(res, 403, refused);
      else sendError(res, new AwsError("AccessDeniedException", refused, 403));
      return;
    }
    const work = control
      ? handleControl(emulator, req, res)
      : handleAws(emulator, req, res, requestId);
    work.catch((error: unknown) => {
      console.error("[emulator] unhandled:", error);
      if (!res.headersSent) sendError(res, new ServerError());
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    emulator,
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.stop();
    },
  };
}
