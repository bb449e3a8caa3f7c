import "server-only";

import {
  DirectConnectClientException,
  DirectConnectServerException,
  DirectConnectServiceException,
} from "@aws-sdk/client-direct-connect";
import { NextResponse } from "next/server";
import { z } from "zod";

import type { DxApiErrorBody } from "@/lib/dx/types";

import { getDxConfig } from "./config";
import { scrubUpstreamText } from "./scrub";

// One error type and one code → status map for every route. Known errors carry a message meant for the
// user; anything else becomes a 500 with a generic message, and its details go to the server log only.
// An upstream error (AWS, the emulator, the credential chain, the network) reaches the user as its
// error name and its message scrubbed of what identifies the server's environment (./scrub.ts); its
// full text goes to the server log.

export const ERROR_STATUS = {
  validation_failed: 400,
  aws_refused: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  read_only: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  throttled: 429,
  internal_error: 500,
  backend_unavailable: 503,
  credentials_unavailable: 503,
  audit_unavailable: 503,
  history_unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof ERROR_STATUS;

export interface ApiErrorDetails {
  /** Field → messages, for validation_failed. */
  fieldErrors?: Record<string, string[]>;
  /** AWS's request id, when AWS answered. */
  requestId?: string;
  /** The AWS error name (e.g. DirectConnectClientException). */
  awsError?: string;
}

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: ApiErrorDetails = {},
    readonly headers: Record<string, string> = {},
    /** The upstream error's full text, for the server log only: never in a response. */
    readonly upstream?: string,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = ERROR_STATUS[code];
  }
}

/** A zod failure as a 400 with field-level messages. */
export function validationError(error: z.ZodError): ApiError {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "body";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const fields = Object.keys(fieldErrors);
  return new ApiError("validation_failed", `Invalid ${fields.join(", ")}.`, { fieldErrors });
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  errors?: unknown[];
  $fault?: string;
  $metadata?: { requestId?: string; httpStatusCode?: number; attempts?: number };
  $retryable?: { throttling?: boolean };
}

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
]);
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "TimeoutError",
  "RequestTimeout",
]);
/** The SDK's credential chain failed without any service answering (no profile, no keys, no role). */
const CREDENTIAL_CHAIN = new Set(["CredentialsProviderError", "TokenProviderError"]);

/** How many seconds a client should wait after throttling outlasted the SDK's retries. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * An upstream text as a user may see it: the configured accounts' ids are kept, and those `named`
 * by the request itself (an allocation's owner account); the rest is scrubbed (./scrub.ts).
 */
export function scrubForUser(text: string, named: readonly string[] = []): string {
  return scrubUpstreamText(text, {
    keepAccountIds: [...getDxConfig().accounts.map((a) => a.accountId), ...named],
  });
}

/** The whole of what the SDK threw, for the server log: name, code, message, an aggregate's parts. */
export function upstreamText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as SdkErrorShape;
  const code = typeof e.code === "string" && e.code !== error.name ? ` (${e.code})` : "";
  const parts = Array.isArray(e.errors)
    ? e.errors.map((part) => (part instanceof Error ? part.message : String(part)))
    : [];
  return `${error.name}${code}: ${[error.message, ...parts].filter(Boolean).join("; ")}`;
}

/**
 * Why the backend could not be reached at all (a refused or reset connection, an unknown host), or
 * undefined when something answered, even with an error of its own.
 */
export function unreachableCode(error: unknown): string | undefined {
  const e = (error ?? {}) as SdkErrorShape;
  const name = e.name ?? "";
  if (UNREACHABLE.has(e.code ?? "")) return e.code;
  if (UNREACHABLE.has(name)) return name;
  if (error instanceof Error && /ECONNREFUSED|ENOTFOUND|socket hang up/.test(error.message))
    return "connection failed";
  return undefined;
}

/**
 * Turns what the SDK threw into the error the browser gets, its message scrubbed (`named`: account
 * ids the request itself named, which the user may see). `endpoint` goes to the server log with the
 * full text. Anything it does not recognise is returned as it is, and becomes a 500 in handleApiError.
 */
export function fromAwsError(
  error: unknown,
  endpoint: string,
  named: readonly string[] = [],
): unknown {
  const e = (error ?? {}) as SdkErrorShape;
  const requestId = e.$metadata?.requestId;
  const name = e.name ?? "";
  const upstream = `${upstreamText(error)} [endpoint ${endpoint}]`;
  const said = e.message && e.message !== name ? scrubForUser(e.message, named) : "";
  const aws = { ...(name ? { awsError: name } : {}), ...(requestId ? { requestId } : {}) };
  if (
    error instanceof DirectConnectClientException ||
    name === "DuplicateTagKeysException" ||
    name === "TooManyTagsException"
  ) {
    return new ApiError("aws_refused", said || name, aws, {}, upstream);
  }
  if (THROTTLING.has(name) || e.$retryable?.throttling) {
    return new ApiError(
      "throttled",
      `AWS is throttling requests (${name}); retried ${e.$metadata?.attempts ?? 1} time(s). Try again shortly.`,
      aws,
      { "Retry-After": String(RETRY_AFTER_SECONDS) },
      upstream,
    );
  }
  const unreachable = unreachableCode(error);
  if (unreachable !== undefined) {
    return new ApiError(
      "backend_unavailable",
      `The Direct Connect backend cannot be reached (${unreachable}). The server's log names the endpoint.`,
      {},
      {},
      upstream,
    );
  }
  // The credential chain failed, or a service other than Direct Connect answered it (STS refusing to
  // let the server assume the account's role): the server's configuration, not the user's request.
  if (
    CREDENTIAL_CHAIN.has(name) ||
    (typeof e.$fault === "string" && !(error instanceof DirectConnectServiceException))
  ) {
    return new ApiError(
      "credentials_unavailable",
      `dxmap could not get AWS credentials for this account (${name || "unknown error"})${said ? `: ${said}` : "."}`,
      aws,
      {},
      upstream,
    );
  }
  if (error instanceof DirectConnectServerException || (e.$metadata?.httpStatusCode ?? 0) >= 500) {
    // AWS's own words, when it sent any ("An internal error occurred. Please try again later.").
    return new ApiError(
      "backend_unavailable",
      `The Direct Connect backend failed (${name || "server error"})${said ? `: ${said}` : "."}`,
      { ...(requestId ? { requestId } : {}) },
      {},
      upstream,
    );
  }
  // Direct Connect refused the call for another reason (AccessDeniedException: the account's role
  // may not do this; an invalid or expired token): AWS's name and its words, scrubbed.
  if (error instanceof DirectConnectServiceException) {
    return new ApiError("aws_refused", said || name, aws, {}, upstream);
  }
  return error;
}

/** The one place errors become responses. */
/**
 * Whether `error` is an ApiError: of this module's class, or of the same class as another bundle of
 * the same process loaded it (the collector, started by instrumentation.ts, throws its own copy's).
 */
export function isApiError(error: unknown): error is ApiError {
  return (
    error instanceof ApiError ||
    (error instanceof Error &&
      error.name === "ApiError" &&
      typeof (error as { code?: unknown }).code === "string" &&
      Object.hasOwn(ERROR_STATUS, (error as unknown as { code: string }).code) &&
      typeof (error as { details?: unknown }).details === "object")
  );
}

export function handleApiError(error: unknown, where: string): NextResponse<DxApiErrorBody> {
  const known = isApiError(error) ? error : undefined;
  if (!known) console.error(`[dxmap] ${where} failed:`, error);
  // The user got the code and a scrubbed message: the whole text is here, for whoever runs dxmap.
  else if (known.upstream) console.warn(`[dxmap] ${where}: ${known.code}: ${known.upstream}`);
  const apiError =
    known ??
    new ApiError(
      "internal_error",
      "Something went wrong on the dxmap server. The details are in its log.",
    );
  return NextResponse.json<DxApiErrorBody>(
    {
      error: {
        code: apiError.code,
        message: apiError.message,
        ...(apiError.details.fieldErrors ? { fieldErrors: apiError.details.fieldErrors } : {}),
        ...(apiError.details.requestId ? { requestId: apiError.details.requestId } : {}),
        ...(apiError.details.awsError ? { awsError: apiError.details.awsError } : {}),
      },
    },
    { status: apiError.status, headers: { "Cache-Control": "no-store", ...apiError.headers } },
  );
}
