import "server-only";

import {
  DirectConnectClientException,
  DirectConnectServerException,
} from "@aws-sdk/client-direct-connect";
import { NextResponse } from "next/server";
import { z } from "zod";

import type { DxApiErrorBody } from "@/lib/dx/types";

// One error type and one code → status map for every route. Known errors carry a message meant for the
// user; anything else becomes a 500 with a generic message, and its details go to the server log only.

export const ERROR_STATUS = {
  validation_failed: 400,
  aws_refused: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  read_only: 403,
  not_found: 404,
  unsupported_media_type: 415,
  throttled: 429,
  internal_error: 500,
  backend_unavailable: 503,
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

/** How many seconds a client should wait after throttling outlasted the SDK's retries. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Turns what the SDK threw into the error the browser gets (`endpoint` names the backend for a 503).
 * Anything it does not recognise is returned as it is, and becomes a 500 in handleApiError.
 */
export function fromAwsError(error: unknown, endpoint: string): unknown {
  const e = (error ?? {}) as SdkErrorShape;
  const requestId = e.$metadata?.requestId;
  const name = e.name ?? "";
  if (
    error instanceof DirectConnectClientException ||
    name === "DuplicateTagKeysException" ||
    name === "TooManyTagsException"
  ) {
    return new ApiError("aws_refused", e.message ?? name, {
      awsError: name,
      ...(requestId ? { requestId } : {}),
    });
  }
  if (THROTTLING.has(name) || e.$retryable?.throttling) {
    return new ApiError(
      "throttled",
      `AWS is throttling requests (${name}); retried ${e.$metadata?.attempts ?? 1} time(s). Try again shortly.`,
      { awsError: name, ...(requestId ? { requestId } : {}) },
      { "Retry-After": String(RETRY_AFTER_SECONDS) },
    );
  }
  if (
    UNREACHABLE.has(name) ||
    UNREACHABLE.has(e.code ?? "") ||
    (error instanceof Error && /ECONNREFUSED|ENOTFOUND|socket hang up/.test(error.message))
  ) {
    return new ApiError(
      "backend_unavailable",
      `The Direct Connect backend at ${endpoint} is unreachable.`,
    );
  }
  if (error instanceof DirectConnectServerException || (e.$metadata?.httpStatusCode ?? 0) >= 500) {
    // AWS's own words, when it sent any ("An internal error occurred. Please try again later.").
    const said = e.message && e.message !== name ? `: ${e.message}` : ".";
    return new ApiError(
      "backend_unavailable",
      `The Direct Connect backend at ${endpoint} failed (${name || "server error"})${said}`,
      {
        ...(requestId ? { requestId } : {}),
      },
    );
  }
  return error;
}

/** The one place errors become responses. */
export function handleApiError(error: unknown, where: string): NextResponse<DxApiErrorBody> {
  const known = error instanceof ApiError ? error : undefined;
  if (!known) console.error(`[dxmap] ${where} failed:`, error);
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
