import { describe, expect, it } from "vitest";

import { ApiError, handleApiError, isApiError } from "./errors";

describe("an ApiError thrown by another bundle's copy of the class", () => {
  // What the collector (started by instrumentation.ts, bundled apart from the routes) throws.
  class OtherApiError extends Error {
    readonly status = 503;
    constructor(
      readonly code: string,
      message: string,
      readonly details = {},
      readonly headers = {},
    ) {
      super(message);
      this.name = "ApiError";
    }
  }

  it("is answered with its own status and message, not as an internal error", async () => {
    const error = new OtherApiError("backend_unavailable", "Direct Connect could not be reached.");
    expect(error instanceof ApiError).toBe(false);
    expect(isApiError(error)).toBe(true);
    const res = handleApiError(error, "GET /api/topology");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: "backend_unavailable", message: "Direct Connect could not be reached." },
    });
  });

  it("is not taken from any error that merely has a code", () => {
    const plain = Object.assign(new Error("boom"), { code: "backend_unavailable" });
    expect(isApiError(plain)).toBe(false);
    expect(isApiError(new OtherApiError("no_such_code", "x"))).toBe(false);
  });
});
