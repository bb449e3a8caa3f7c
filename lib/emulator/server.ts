/**
 * The emulator's HTTP server: Direct Connect, and the STS and Organizations operations dxmap uses to
 * find accounts and assume roles, on one port, told apart as AWS's endpoints would tell them by
 * their protocol: X-Amz-Target `AWSOrganizationsV20161128.*` is Organizations (AWS JSON 1.1); a
 * form body without X-Amz-Target is STS (the AWS query protocol, XML answers); anything else is
 * Direct Connect (AWS JSON 1.1, `OvertureService.*`), whose refusals are as they always were.
 *
 * Every request first gets its request id and has its caller checked (callers.ts: Host, Origin,
 * Sec-Fetch-Site), before anything is read or logged. AWS calls then go through the order AWS
 * services use (and dynalite follows): size limit, content type, target (or Action) → operation,
 * SigV4, parse, injected faults, validation against the official model, then the operation on the
 * store (emulator.ts). Paths under /_dxmap/ are the control API (control.ts); no AWS operation uses
 * them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { verifySigV4 } from "./auth";
import type { Principal } from "./identity";
import { callerRefusal, hostRules } from "./callers";
import { handleControl, refuseControl } from "./control";
import { Emulator, type EmulatorOptions } from "./emulator";
import { AwsError, ServerError, ThrottlingError } from "./errors";
import {
  isKnownOperation,
  organizationsModel,
  organizationsTargetPrefix,
  stsApiVersion,
  stsModel,
  stsXmlNamespace,
  targetPrefix,
} from "./model";
import { OrganizationsError } from "./operations/organizations";
import { asQueryError, decodeQuery, queryError, queryResponse } from "./query";
import { toWire } from "./wire";

/** Larger bodies are refused before they are read (emulator choice; real requests are a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;
const CONTENT_TYPE = "application/x-amz-json-1.1";
const FORM = "application/x-www-form-urlencoded";

/** The service a request is for, from its headers alone (nothing of its body is read yet). */
export type Service = "directconnect" | "organizations" | "sts";

const mediaType = (value: string | undefined) => (value ?? "").split(";")[0]!.trim().toLowerCase();

export function serviceOf(headers: IncomingHttpHeaders): Service {
  const target = headers["x-amz-target"];
  if (typeof target === "string" && target.startsWith(`${organizationsTargetPrefix}.`))
    return "organizations";
  if (target === undefined && mediaType(headers["content-type"]) === FORM) return "sts";
  return "directconnect";
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = CONTENT_TYPE,
): void {
  const bytes = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === "string" ? body : toWire(body));
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": bytes.length });
  res.end(bytes);
}

function sendError(
  res: ServerResponse,
  error: AwsError,
  service: Service,
  requestId: string,
): void {
  if (service === "sts") {
    const wire = asQueryError(error);
    send(res, wire.status, queryError(wire, stsXmlNamespace, requestId), "text/xml");
    return;
  }
  // botocore reads __type and message (or Message); SDK v3 reads x-amzn-errortype first.
  res.setHeader("x-amzn-ErrorType", `${error.type}:`);
  if (service === "organizations") {
    // Organizations' exceptions carry Message (and InvalidInputException a Reason), as its model says.
    const reason = error instanceof OrganizationsError ? error.reason : undefined;
    send(res, error.status, {
      __type: error.type,
      Message: error.message,
      ...(reason ? { Reason: reason } : {}),
    });
    return;
  }
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

/** What a call is logged as: filled in as the request is understood. */
interface CallNote {
  operation: string;
  alias: string;
  region: string;
}

const SERVICE_NAMES: Record<Service, string> = {
  directconnect: "AWS Direct Connect",
  organizations: "AWS Organizations",
  sts: "AWS STS",
};

/** The injected faults' errors, in each service's terms. */
function faultError(service: Service, fault: "throttle" | "error"): AwsError {
  if (service === "organizations") {
    return fault === "throttle"
      ? new OrganizationsError(
          "TooManyRequestsException",
          "You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.",
        )
      : new OrganizationsError(
          "ServiceException",
          "AWS Organizations can't complete your request because of an internal service error. Try again later.",
          500,
        );
  }
  if (service === "sts" && fault === "error")
    return new AwsError(
      "InternalFailure",
      "An internal error occurred. Please try again later.",
      500,
    );
  return fault === "throttle" ? new ThrottlingError() : new ServerError();
}

async function authenticate(
  emulator: Emulator,
  req: IncomingMessage,
  body: Buffer,
  service: Service,
  note: CallNote,
) {
  const verified = await verifySigV4(
    { method: "POST", path: req.url ?? "/", headers: req.headers, body },
    service,
    emulator.keyHolder,
    emulator.now(),
  );
  note.alias = verified.principal.account.alias;
  note.region = verified.region;
  return verified;
}

async function applyFaults(
  emulator: Emulator,
  service: Service,
  principal: Principal,
  note: CallNote,
): Promise<void> {
  const fault = await emulator.faults.apply({
    account: principal.account,
    region: note.region,
    operation: note.operation,
  });
  if (fault) throw faultError(service, fault);
}

function parseJsonObject(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new AwsError("SerializationException", "The request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new AwsError("SerializationException", "The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/** Direct Connect and Organizations: AWS JSON 1.1. */
async function answerJson(
  emulator: Emulator,
  req: IncomingMessage,
  service: "directconnect" | "organizations",
  note: CallNote,
): Promise<Buffer> {
  const body = await readBody(req);
  const contentType = mediaType(req.headers["content-type"]);
  if (contentType !== CONTENT_TYPE) {
    throw new AwsError(
      "UnsupportedMediaTypeException",
      `Content-Type must be ${CONTENT_TYPE}, not "${contentType}".`,
      415,
    );
  }
  const target = String(req.headers["x-amz-target"] ?? "");
  const [prefix, name = ""] = target.split(".", 2);
  const known =
    service === "organizations"
      ? organizationsModel.isKnownOperation(name)
      : prefix === targetPrefix && isKnownOperation(name);
  if (!known) {
    throw new AwsError(
      "UnknownOperationException",
      target ? `Unknown operation ${target}.` : "Missing X-Amz-Target header.",
    );
  }
  note.operation = name;
  const { principal } = await authenticate(emulator, req, body, service, note);
  const parsed = parseJsonObject(body);
  await applyFaults(emulator, service, principal, note);
  if (service === "organizations") return emulator.answerOrganizations(name, parsed, principal);
  return emulator.answer(name, parsed, principal.account, note.region);
}

/** A percent sign not followed by two hex digits: the form is not URL-encoded. */
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/** STS: the AWS query protocol. */
async function answerQuery(
  emulator: Emulator,
  req: IncomingMessage,
  requestId: string,
  note: CallNote,
): Promise<string> {
  const body = await readBody(req);
  const text = body.toString("utf8");
  if (BAD_ESCAPE.test(text))
    throw new AwsError("MalformedQueryString", "The query string contains a syntax error.", 400);
  const params = new URLSearchParams(text);
  const action = params.get("Action");
  if (!action)
    throw new AwsError(
      "MissingAction",
      "The request must contain the parameter Action (and Version=2011-06-15), URL-encoded in a form body.",
    );
  const version = params.get("Version");
  if (version !== stsApiVersion || !stsModel.isKnownOperation(action)) {
    // As AWS's query services answer: "Could not find operation Frob for version 2011-06-15".
    throw new AwsError(
      "InvalidAction",
      `Could not find operation ${action} for version ${version ?? "NO_VERSION_SPECIFIED"}`,
    );
  }
  note.operation = action;
  const { principal } = await authenticate(emulator, req, body, "sts", note);
  await applyFaults(emulator, "sts", principal, note);
  const result = emulator.answerSts(action, decodeQuery(params, stsModel, action), principal);
  return queryResponse(action, stsXmlNamespace, result, requestId);
}

async function handleAws(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  service: Service,
): Promise<void> {
  const started = performance.now();
  const arrivedAt = Date.now();
  const note: CallNote = { operation: "", alias: "", region: "" };
  let status = 200;
  let errorType: string | undefined;
  try {
    if (req.method !== "POST" || (req.url ?? "/").split("?")[0] !== "/") {
      throw new AwsError(
        "UnknownOperationException",
        `${req.method} ${req.url} is not an ${SERVICE_NAMES[service]} operation. ${
          service === "sts"
            ? `Send POST / with a form body (Action=…&Version=${stsApiVersion}).`
            : "Send POST / with X-Amz-Target."
        }`,
        404,
      );
    }
    if (service === "sts") {
      send(res, 200, await answerQuery(emulator, req, requestId, note), "text/xml");
    } else {
      send(res, 200, await answerJson(emulator, req, service, note));
    }
  } catch (error) {
    const aws = error instanceof AwsError ? error : faultError(service, "error");
    if (!(error instanceof AwsError))
      console.error(`[emulator] ${requestId} ${note.operation}:`, error);
    const wire = service === "sts" ? asQueryError(aws) : aws;
    status = wire.status;
    errorType = wire.type;
    sendError(res, wire, service, requestId);
  } finally {
    emulator.record(
      {
        time: new Date().toISOString(),
        requestId,
        operation: note.operation,
        account: note.alias,
        region: note.region,
        status,
        ...(errorType ? { errorType } : {}),
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        ...attemptOf(req.headers["amz-sdk-request"]),
      },
      { service, at: arrivedAt },
    );
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
    const service = serviceOf(req.headers);
    const refused = callerRefusal(req.headers, hosts);
    if (refused) {
      // Nothing of the request is read, and the connection is not kept for a caller that is not one.
      res.setHeader("Connection", "close");
      // Emulator choice: no public source says how AWS answers a request from a browser page.
      if (control) refuseControl(res, 403, refused);
      else sendError(res, new AwsError("AccessDeniedException", refused, 403), service, requestId);
      return;
    }
    const work = control
      ? handleControl(emulator, req, res)
      : handleAws(emulator, req, res, requestId, service);
    work.catch((error: unknown) => {
      console.error("[emulator] unhandled:", error);
      if (!res.headersSent) sendError(res, faultError(service, "error"), service, requestId);
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
