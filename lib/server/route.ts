import "server-only";

import { randomUUID } from "node:crypto";

import { NextResponse } from "next/server";
import type { z } from "zod";

import { forAPerson } from "@/lib/aws/budget";

import { appendAudit, type AuditRecord, type AwsCallHooks } from "./audit";
import { authenticate, type DxUser } from "./auth";
import { ApiError, handleApiError, isApiError, validationError } from "./errors";
import { checkHost, checkMutationRequest, checkReadRequest } from "./security";

// Every route handler goes through `route()`: the Host allowlist, for mutations the origin and
// content-type checks, authentication, the read-only refusal, the body limit, the audit record, and
// one error handler. Authorization lives here, in the handler path, never only in proxy.ts.

export interface RouteContext<P> {
  request: Request;
  user: DxUser;
  params: P;
  /** Parses the JSON body with a shared schema; a failure is a 400 with field messages. */
  body<T>(schema: z.ZodType<T>): Promise<T>;
  /** Parses the query string with a schema. */
  query<T>(schema: z.ZodType<T>): T;
  /** What a mutation changes, for the audit log: filled in by the handler before it calls AWS. */
  audit: Partial<
    Pick<
      AuditRecord,
      "account" | "region" | "operation" | "targetId" | "parameters" | "awsRequestId"
    >
  >;
  /**
   * For the mutation functions (lib/aws/mutations.ts), which await `beforeAws()` before each AWS
   * call: the first writes the intent record from `audit`, so the handler names its target first.
   */
  awsHooks: AwsCallHooks;
}

interface RouteOptions {
  /** Mutations: origin and JSON checks, refused to read-only users, audited. */
  mutation: boolean;
  /**
   * A read of a secret (a router configuration, with its BGP auth keys): a read's checks, but
   * refused to read-only users and audited as a mutation is (intent before the call, outcome after).
   */
  secret?: boolean;
  /** For logs: "POST /api/bgp-peers". */
  name: string;
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<unknown>;

export function route<P = Record<string, never>>(options: RouteOptions, handler: Handler<P>) {
  // Refused to read-only users, and written to the audit log.
  const audited = options.mutation || options.secret === true;
  return async (request: Request, segment: { params: Promise<P> }): Promise<Response> => {
    const audit: RouteContext<P>["audit"] = {};
    // Links the change's intent and outcome records.
    const requestId = randomUUID();
    let intent: Promise<void> | undefined;
    let intentFailed = false;
    let user: DxUser | undefined;
    try {
      // Refused before anything else happens: a foreign Host, a cross-site or non-JSON mutation, a
      // cross-site read; then, without sign-in, anyone beyond loopback (in authenticate()).
      checkHost(request);
      if (options.mutation) checkMutationRequest(request);
      else checkReadRequest(request);
      user = await authenticate(request);
      if (audited && user.readOnly) {
        throw new ApiError(
          "read_only",
          options.mutation
            ? "You have read-only access to dxmap: changes are disabled."
            : "You have read-only access to dxmap: what holds a secret (a router configuration holds the BGP auth key) is not given to read-only users.",
        );
      }
      const params = await segment.params;
      // Read (and bounded) before the handler runs: an oversized body is a 413 whatever else is wrong.
      const bytes = await readBody(request);
      let bodyRead = false;
      const signedIn = user;
      // The intent: written once, before the change's first AWS call, and awaited. If it cannot be
      // written, the change is refused and nothing is sent to AWS.
      const writeIntent = () =>
        record(options, signedIn, audit, requestId, { phase: "intent" }).catch((error: unknown) => {
          intentFailed = true;
          console.error(
            `[dxmap] ${options.name}: the audit log could not be written, so the change was refused`,
            error,
          );
          throw new ApiError(
            "audit_unavailable",
            "The audit log cannot be written, so dxmap sent nothing to AWS. The server's log has the details.",
          );
        });
      const awsHooks: AwsCallHooks = {
        beforeAws: () => (intent ??= audited ? writeIntent() : Promise.resolve()),
        onRequestId: (id) => {
          audit.awsRequestId = id;
        },
      };
      const ctx: RouteContext<P> = {
        request,
        user,
        params,
        audit,
        awsHooks,
        async body(schema) {
          if (bodyRead) throw new Error("body() called twice");
          bodyRead = true;
          let raw: unknown;
          try {
            raw = JSON.parse(new TextDecoder().decode(bytes ?? new Uint8Array()));
          } catch {
            throw new ApiError("bad_request", "The request body must be JSON.");
          }
          const parsed = schema.safeParse(raw);
          if (!parsed.success) throw validationError(parsed.error);
          return parsed.data;
        },
        query(schema) {
          const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
          if (!parsed.success) throw validationError(parsed.error);
          return parsed.data;
        },
      };
      const result = await forAPerson(() => handler(ctx));
      if (audited) {
        // The change happened; a failed audit write must not turn it into an error for the user.
        await record(options, user, audit, requestId, {
          phase: "outcome",
          outcome: "success",
        }).catch((error: unknown) =>
          console.error(`[dxmap] ${options.name}: the audit log could not be written`, error),
        );
      }
      return result instanceof Response
        ? result
        : NextResponse.json(result, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      // Refused or failed changes by a known user are audited too (a read-only user's attempt
      // included), unless the log is what failed.
      if (audited && user && !intentFailed) {
        const apiError = isApiError(error) ? error : undefined;
        await record(options, user, audit, requestId, {
          phase: "outcome",
          outcome: "failure",
          errorCode: apiError?.code ?? "internal_error",
          ...(apiError?.details.requestId ? { awsRequestId: apiError.details.requestId } : {}),
        }).catch((auditError: unknown) =>
          console.error(`[dxmap] ${options.name}: the audit log could not be written`, auditError),
        );
      }
      return handleApiError(error, options.name);
    }
  };
}

async function record(
  options: RouteOptions,
  user: DxUser,
  audit: RouteContext<unknown>["audit"],
  requestId: string,
  { phase, ...result }: Pick<AuditRecord, "phase"> & Partial<AuditRecord>,
) {
  await appendAudit({
    time: new Date().toISOString(),
    phase,
    requestId,
    user: user.name ?? "anonymous",
    route: options.name,
    account: audit.account ?? "",
    region: audit.region ?? "",
    operation: audit.operation ?? options.name,
    targetId: audit.targetId ?? "",
    parameters: audit.parameters ?? {},
    ...(phase === "outcome" && audit.awsRequestId ? { awsRequestId: audit.awsRequestId } : {}),
    ...result,
  });
}

/** Every route refuses a request body over this many bytes, before parsing it. */
export const MAX_BODY_BYTES = 64 * 1024;

const tooLarge = () =>
  new ApiError(
    "payload_too_large",
    `The request body is over ${MAX_BODY_BYTES / 1024} KB: dxmap takes at most ${MAX_BODY_BYTES} bytes.`,
  );

/**
 * The request's body, at most MAX_BODY_BYTES of it: a declared Content-Length over the limit is
 * refused unread, and a body without one (chunked) is counted as it arrives and refused the moment
 * it passes the limit, so an oversized body is never held whole. Undefined when there is none.
 */
async function readBody(request: Request): Promise<Uint8Array | undefined> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return undefined;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * A path parameter checked against its id schema: a malformed id is a 400 naming the parameter, with
 * the schema's own message ("An interface id looks like dxvif-ab12cd34."), before any AWS call.
 */
export function pathId(name: string, value: string, schema: z.ZodType<string>): string {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ApiError("validation_failed", `Invalid ${name}.`, {
    fieldErrors: { [name]: parsed.error.issues.map((i) => i.message) },
  });
}
