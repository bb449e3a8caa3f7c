import { request, type IncomingHttpHeaders } from "node:http";

// Raw HTTP for what a browser (or Playwright's request context) will not send: any Host header or
// none, and a chosen source address (to connect as the "reverse proxy" at 127.0.0.2).

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawOptions {
  method?: string;
  /** Sent exactly as given; `host` is not added unless listed here. */
  headers?: Record<string, string>;
  body?: string;
  localAddress?: string;
}

export function raw(
  url: string,
  { method = "GET", headers = {}, body, localAddress }: RawOptions = {},
): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method,
        // Node sends DELETE without a length or chunking unless told: the body would become a second request.
        headers:
          body === undefined
            ? headers
            : { "content-length": String(Buffer.byteLength(body)), ...headers },
        setHost: false,
        ...(localAddress ? { localAddress } : {}),
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The error code of a dxmap JSON error body, or undefined. */
export function errorCode(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
