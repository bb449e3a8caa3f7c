import { DxApiError } from "@/lib/dx/api-error";
import type { DxApiErrorBody } from "@/lib/dx/types";

function isErrorBody(body: unknown): body is DxApiErrorBody {
  const error = (body as { error?: unknown } | null)?.error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

async function send(
  path: string,
  init: RequestInit & { signal?: AbortSignal | undefined },
): Promise<Response> {
  try {
    return await fetch(path, init);
  } catch (err) {
    // A cancelled request (React Query aborts on unmount) is not a server failure.
    if (init.signal?.aborted) throw err;
    throw new DxApiError("network_error", "The dxmap server did not answer.", 0);
  }
}

async function request<T>(
  path: string,
  init: RequestInit & { signal?: AbortSignal | undefined },
): Promise<T> {
  return parseJson<T>(await send(path, init));
}

/** A dxmap API answer's JSON, or a DxApiError with the server's message. */
export async function parseJson<T>(response: Response): Promise<T> {
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isErrorBody(body)) {
      throw new DxApiError(body.error.code, body.error.message, response.status, {
        fieldErrors: body.error.fieldErrors,
        requestId: body.error.requestId,
      });
    }
    throw new DxApiError(
      "http_error",
      `The dxmap server answered ${response.status}.`,
      response.status,
    );
  }
  if (body === null)
    throw new DxApiError("bad_response", "The dxmap server sent no JSON.", response.status);
  return body as T;
}

/** GET a dxmap API path and return its JSON, or throw a DxApiError. */
export function fetchJson<T>(path: string, { signal }: { signal?: AbortSignal } = {}): Promise<T> {
  return request<T>(path, { signal, headers: { Accept: "application/json" } });
}

/**
 * GET with If-None-Match: `{ body }` when the answer changed, `{ notModified }` (with the 304's
 * headers) when the server still has the version named. Without a version, a plain GET. With `im`
 * (an instance manipulation the caller can apply, sent as A-IM), a 226 IM Used answer naming it is
 * `{ delta }`: the server's changes since that version.
 */
export async function fetchJsonIfChanged<T, D = never>(
  path: string,
  {
    signal,
    version,
    im,
    fresh,
  }: {
    signal?: AbortSignal;
    version?: string | undefined;
    im?: string;
    /** Asks the server to read AWS at once rather than answer from its latest snapshot. */
    fresh?: boolean;
  },
): Promise<{ body: T } | { notModified: Headers } | { delta: D }> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (fresh) headers["Cache-Control"] = "no-cache";
  if (version) {
    headers["If-None-Match"] = `"${version}"`;
    if (im) headers["A-IM"] = im;
  }
  const response = await send(path, { signal, headers });
  if (response.status === 304 && version) return { notModified: response.headers };
  if (response.status === 226) {
    if (version && im && response.headers.get("IM") === im)
      return { delta: await parseJson<D>(response) };
    // Changes of a kind not asked for (a proxy that dropped the IM header, say): never take them
    // for the whole answer; ask for that instead.
    return { body: await request<T>(path, { signal, headers: { Accept: "application/json" } }) };
  }
  return { body: await parseJson<T>(response) };
}

/** Send a JSON body (the only kind the mutation routes accept) and return the JSON answer. */
export function sendJson<T>(path: string, method: "POST" | "DELETE", body: unknown): Promise<T> {
  return request<T>(path, {
    method,
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}
