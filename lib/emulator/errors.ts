/**
 * Errors the emulator answers with. Each carries the `__type` AWS puts in the body and the HTTP status.
 * The real service uses `DirectConnectClientException` with status 400 for nearly every business failure,
 * including malformed input (Direct Connect has no ValidationException).
 */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

/** A business rule or input refusal: `{"__type":"DirectConnectClientException","message":...}`, HTTP 400. */
export class ClientError extends AwsError {
  constructor(message: string) {
    super("DirectConnectClientException", message, 400);
  }
}

/** A server-side failure. Only injected faults use it: a 5xx makes every SDK retry. */
export class ServerError extends AwsError {
  constructor(message = "An internal error occurred. Please try again later.") {
    super("DirectConnectServerException", message, 500);
  }
}

/** What AWS answers when a caller exceeds its request rate; both SDKs retry it. */
export class ThrottlingError extends AwsError {
  constructor() {
    super("ThrottlingException", "Rate exceeded", 400);
  }
}

export const notFound = (id: string) => new ClientError(`${id} does not exist`);

export const invalidFormat = (kind: string, id: string) =>
  new ClientError(`${kind} ID ${id} has an invalid format.`);
