import "server-only";

import { getDxConfig } from "./config";
import { ApiError } from "./errors";

// Request checks that run before anything else. (First version; hardened and tested separately.)

function hostName(host: string): string {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  return host.split(":")[0] ?? "";
}

/** The Host header must name this server: localhost, 127.0.0.1, [::1] or a configured public host. */
export function checkHost(request: Request): void {
  const host = request.headers.get("host");
  const allowed = getDxConfig().security.allowedHosts;
  if (!host || !allowed.includes(hostName(host.toLowerCase()))) {
    throw new ApiError("forbidden", "This host name is not allowed to reach dxmap.");
  }
}

/** Mutations: JSON only, from the dashboard's own origin. */
export function checkMutationRequest(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const host = request.headers.get("host");
  const sameOrigin = origin !== null && host !== null && new URL(origin).host === host;
  if (site !== null ? site !== "same-origin" : !sameOrigin) {
    throw new ApiError("forbidden", "Changes are accepted only from the dxmap dashboard itself.");
  }
  if (origin !== null && !sameOrigin) throw new ApiError("forbidden", "Changes are accepted only from the dxmap dashboard itself.");
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError("unsupported_media_type", "Changes must be sent as application/json.");
  }
}
