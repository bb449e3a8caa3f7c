// The one error type the browser sees from dxmap's API, whatever went wrong:
// an error body from a route handler, an unexpected status, or no response.

export class DxApiError extends Error {
  readonly code: string;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  /** Field → messages when the server refused the input (code "validation_failed"). */
  readonly fieldErrors: Record<string, string[]> | undefined;
  /** AWS's request id when AWS refused the call (code "aws_refused"). */
  readonly requestId: string | undefined;

  constructor(
    code: string,
    message: string,
    status: number,
    extra: {
      fieldErrors?: Record<string, string[]> | undefined;
      requestId?: string | undefined;
    } = {},
  ) {
    super(message);
    this.name = "DxApiError";
    this.code = code;
    this.status = status;
    this.fieldErrors = extra.fieldErrors;
    this.requestId = extra.requestId;
  }
}
