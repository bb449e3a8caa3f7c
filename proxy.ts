import { randomBytes } from "node:crypto";

import { NextResponse, type NextRequest } from "next/server";

import { authenticate } from "@/lib/server/auth";
import { getDxConfig } from "@/lib/server/config";
import { ApiError } from "@/lib/server/errors";
import {
  contentSecurityPolicy,
  isAllowedHost,
  strictTransportSecurity,
} from "@/lib/server/security";

// Pages and their assets: the Host allowlist, sign-in (without an auth mode: loopback only), a
// fresh CSP nonce per response, and HSTS when dxmap is published over https. API routes are not
// matched: route() checks Host, origin, auth and read-only in every handler itself, so
// authorization never depends on this file.

function refuse(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): NextResponse {
  const hsts = strictTransportSecurity();
  return new NextResponse(`${message}\n`, {
    status,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      ...(hsts ? { "Strict-Transport-Security": hsts } : {}),
      ...headers,
    },
  });
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  if (!isAllowedHost(request.headers.get("host"), getDxConfig().security.allowedHosts)) {
    return refuse(403, "This host name is not allowed to reach dxmap.");
  }
  try {
    await authenticate(request);
  } catch (error) {
    if (error instanceof ApiError) return refuse(error.status, error.message, error.headers);
    throw error;
  }
  const policy = contentSecurityPolicy(
    randomBytes(16).toString("base64"),
    process.env.NODE_ENV === "development",
  );
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  const hsts = strictTransportSecurity();
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

export const config = {
  matcher: ["/((?!api/).*)"],
};
