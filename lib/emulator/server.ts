/**
 * The emulator's HTTP server. Requests go through the order AWS JSON services use (and dynalite
 * follows): size limit, request id, content type, target → operation, SigV4, JSON parse, injected
 * faults, validation against the official model, then the operation on the store. Paths under
 * /_dxmap/ are the control API (control.ts); no AWS operation uses them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { verifySigV4 } from "./auth";
import { emulatorNow, nextDue, settle } from "./clock";
import type { Account, Context } from "./context";
import { handleControl } from "./control";
import { AwsError, ClientError, ServerError, ThrottlingError } from "./errors";
import { Faults } from "./faults";
import { Ids } from "./ids";
import { isKnownOperation, targetPrefix, validateInput } from "./model";
import { handlers, isReadOnly } from "./operations";
import { Persistence } from "./persistence";
import { seedState } from "./seed";
import type { EmulatorState } from "./state";

/** Larger bodies are refused before they are read (emulator choice; real requests are a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;
const CONTENT_TYPE = "application/x-amz-json-1.1";

export const DEFAULT_ACCOUNTS: readonly Account[] = [
  {
    alias: "network",
    accountId: "111111111111",
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  },
  {
    alias: "workload",
    accountId: "222222222222",
    accessKeyId: "AKIAI44QH8DHBEXAMPLE",
    secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
  },
];

export interface EmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  dataFile: string;
  transitionMs?: number;
  seed?: string;
  accounts?: readonly Account[];
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
}

const MAX_CALL_LOG = 10_000;
type Handler = (typeof handlers)[string];
/** Distinct read answers kept at once (pages of a listing count apart). */
const MAX_ANSWERS = 1_000;

export class Emulator {
  state: EmulatorState;
  readonly accounts: readonly Account[];
  readonly transitionMs: number;
  readonly faults = new Faults();
  calls: CallRecord[] = [];
  readonly persistence: Persistence;
  private ids = new Ids();
  private ticker: NodeJS.Timeout | undefined;
  /** Nothing is due before this emulator time, unless a write changes the state (which resets it). */
  private quietUntil = 0;
  /**
   * Read answers as sent, by operation, caller, region and input, while the state is unchanged (any
   * write, clock step or control change clears them). A Describe of thousands of interfaces is
   * milliseconds of work each time; AWS does that work on its own machines, this emulator on the
   * dashboard's.
   */
  private answers = new Map<string, Buffer>();

  constructor(readonly options: EmulatorOptions) {
    this.accounts = options.accounts ?? DEFAULT_ACCOUNTS;
    this.transitionMs = options.transitionMs ?? 3000;
    this.persistence = new Persistence(options.dataFile, () => this.state);
    this.state = Persistence.load(options.dataFile) ?? this.seeded(options.seed ?? "default");
  }

  private seeded(seed: string): EmulatorState {
    return seedState(seed, this.accounts, Date.now(), this.transitionMs);
  }

  now = () => emulatorNow(this.state);

  /** Applies due transitions, skipping the walk over every record while nothing can be due. */
  private settle(): boolean {
    const now = this.now();
    if (now < this.quietUntil) return false;
    const changed = settle(this.state, now);
    this.quietUntil = nextDue(this.state);
    if (changed) this.answers.clear();
    return changed;
  }

  /** The state changed outside the clock: settle again, and answer anew. */
  touched(): void {
    this.quietUntil = 0;
    this.answers.clear();
  }

  /** Applies due transitions; persists when anything moved. */
  async tick(): Promise<void> {
    if (this.settle()) await this.persistence.commit();
  }

  async reset(seed = this.state.seed): Promise<void> {
    this.state = this.seeded(seed);
    this.touched();
    this.faults.clear();
    this.calls = [];
    await this.persistence.commit();
  }

  async advanceClock(ms: number): Promise<void> {
    this.state.clockOffsetMs += ms;
    this.touched();
    await this.tick();
    await this.persistence.commit();
  }

  start(): void {
    // The clock runs whether or not anyone calls: the state file follows the state machines.
    this.ticker = setInterval(
      () => void this.tick().catch(() => undefined),
      Math.max(20, Math.min(250, this.transitionMs / 4)),
    );
    this.ticker.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.ticker);
    await this.persistence.close();
  }

  /** The wire answer (JSON) of one AWS operation for an authenticated caller; reads are kept until the state changes. */
  async answer(
    operation: string,
    body: Record<string, unknown>,
    account: Account,
    region: string,
  ): Promise<Buffer> {
    // Refusals of bad input and due transitions come first, as without the cache.
    const handler = this.prepare(operation, body);
    if (!isReadOnly(operation))
      return Buffer.from(toWire((await this.run(handler, operation, body, account, region)) ?? {}));
    const key = `${operation}\u0000${account.accountId}\u0000${region}\u0000${JSON.stringify(body)}`;
    const kept = this.answers.get(key);
    if (kept !== undefined) return kept;
    // Kept as UTF-8: encoding megabytes of JSON again for every send cost more than the rest of a read.
    const bytes = Buffer.from(
      toWire((await this.run(handler, operation, body, account, region)) ?? {}),
    );
    if (this.answers.size >= MAX_ANSWERS) this.answers.clear();
    this.answers.set(key, bytes);
    return bytes;
  }

  /** The operation's handler, once its input is valid and due transitions are applied. */
  private prepare(operation: string, body: Record<string, unknown>): Handler {
    const handler = handlers[operation];
    if (!handler) {
      throw new ClientError(
        `The dxmap emulator does not implement ${operation}. It recognises it, but only the operations listed in its README are emulated.`,
      );
    }
    validateInput(operation, body);
    this.settle();
    return handler;
  }

  /** Runs one AWS operation for an authenticated caller; a write is on disk before this returns. */
  private async run(
    handler: Handler,
    operation: string,
    body: Record<string, unknown>,
    account: Account,
    region: string,
  ): Promise<unknown> {
    const ctx: Context = {
      state: this.state,
      account,
      accounts: this.accounts,
      region,
      now: this.now(),
      transitionMs: this.transitionMs,
      ids: this.ids,
    };
    if (isReadOnly(operation)) return handler(body, ctx);
    let result: unknown;
    try {
      result = handler(body, ctx);
    } finally {
      // A write may have scheduled steps (even one that then refused: settle looks again, cheaply).
      this.touched();
    }
    await this.persistence.commit();
    return result;
  }

  record(call: CallRecord): void {
    this.calls.push(call);
    if (this.calls.length > MAX_CALL_LOG) this.calls.splice(0, this.calls.length - MAX_CALL_LOG);
  }
}

/** Dates in SDK output shapes go on the wire as epoch seconds. */
function toWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}

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
    });
  }
}

export interface RunningEmulator {
  url: string;
  port: number;
  emulator: Emulator;
  server: Server;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const emulator = new Emulator(options);
  await emulator.persistence.commit();
  emulator.start();
  const server = createServer((req, res) => {
    const requestId = randomUUID();
    res.setHeader("x-amzn-RequestId", requestId);
    const url = req.url ?? "/";
    const work = url.startsWith("/_dxmap/")
      ? handleControl(emulator, req, res)
      : handleAws(emulator, req, res, requestId);
    work.catch((error: unknown) => {
      console.error("[emulator] unhandled:", error);
      if (!res.headersSent) sendError(res, new ServerError());
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  const host = options.host ?? "127.0.0.1";
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
