import "server-only";

import { NextResponse } from "next/server";
import type { z } from "zod";

import { appendAudit, type AuditRecord } from "./audit";
import { authenticate, type DxUser } from "./auth";
import { ApiError, handleApiError, validationError } from "./errors";
import { checkHost, checkMutationRequest, checkReadRequest } from "./security";

// Every route handler goes through `route()`: the Host allowlist, for mutations the origin and
// content-type checks, authentication, the read-only refusal, the audit record, and one error
// handler. Authorization lives here, in the handler path, never only in proxy.ts.

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
}

interface RouteOptions {
  /** Mutations: origin and JSON checks, refused to read-only users, audited. */
  mutation: boolean;
  /** For logs: "POST /api/bgp-peers". */
  name: string;
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<unknown>;

export function route<P = Record<string, never>>(options: RouteOptions, handler: Handler<P>) {
  return async (request: Request, segment: { params: Promise<P> }): Promise<Response> => {
    const audit: RouteContext<P>["audit"] = {};
    let user: DxUser | undefined;
    try {
      // Refused before anything else happens: a foreign Host, a cross-site or non-JSON mutation, a
      // cross-site read; then, without sign-in, anyone beyond loopback (in authenticate()).
      checkHost(request);
      if (options.mutation) checkMutationRequest(request);
      else checkReadRequest(request);
      user = await authenticate(request);
      if (options.mutation && user.readOnly) {
        throw new ApiError(
          "read_only",
          "You have read-only access to dxmap: changes are disabled.",
        );
      }
      const params = await segment.params;
      let bodyRead = false;
      const ctx: RouteContext<P> = {
        request,
        user,
        params,
        audit,
        async body(schema) {
          if (bodyRead) throw new Error("body() called twice");
          bodyRead = true;
          let raw: unknown;
          try {
            raw = await request.json();
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
      const result = await handler(ctx);
      if (options.mutation) {
        // The change happened; a failed audit write must not turn it into an error for the user.
        await record(options, user, audit, { outcome: "success" }).catch((error: unknown) =>
          console.error(`[dxmap] ${options.name}: the audit log could not be written`, error),
        );
      }
      return result instanceof Response
        ? result
        : NextResponse.json(result, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      // Refused or failed changes by a known user are audited too (a read-only user's attempt included).
      if (options.mutation && user) {
        const apiError = error instanceof ApiError ? error : undefined;
        await record(options, user, audit, {
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
  result: Partial<AuditRecord>,
) {
  await appendAudit({
    time: new Date().toISOString(),
    user: user.name ?? "anonymous",
    route: options.name,
    account: audit.account ?? "",
    region: audit.region ?? "",
    operation: audit.operation ?? options.name,
    targetId: audit.targetId ?? "",
    parameters: audit.parameters ?? {},
    outcome: "success",
    ...(audit.awsRequestId ? { awsRequestId: audit.awsRequestId } : {}),
    ...result,
  });
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
