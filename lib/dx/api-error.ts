// The one error type the browser sees from dxmap's API, whatever went wrong:
// an error body from a route handler, an unexpected status, or no response.

export class DxApiError extends Error {
  readonly code: string;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = "DxApiError";
    this.code = code;
    this.status = status;
  }
}
