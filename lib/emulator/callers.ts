/**
 * Who may call the emulator. Its control API has no authentication and its keys are AWS's published
 * examples, so the request itself must show that it comes from a program on this machine (an SDK,
 * the AWS CLI, a test, a script) and not from a web page the user happens to have open:
 *
 * - Host must be a loopback name or one the operator named. A DNS-rebinding page (attacker.example
 *   re-pointed at 127.0.0.1) is same-origin with itself, so the browser lets it read the answers,
 *   but its requests carry its own name in Host.
 * - No Origin, and no Sec-Fetch-Site of another site. Browsers add them to a page's requests (Origin
 *   on every POST and every cross-origin fetch, Sec-Fetch-Site even on an <img> or a <form>); no AWS
 *   SDK or CLI sends either. Sec-Fetch-Site "none" (an address typed into the browser) and
 *   "same-origin" (no page is served from the emulator's origin) are let through.
 *
 * The content types (control.ts, server.ts) close the last gap: a cross-site <form> or a "simple"
 * fetch can send text/plain without a preflight, never application/json or AWS JSON 1.1.
 */
import type { IncomingHttpHeaders } from "node:http";

export interface HostRule {
  /** Lower case; an IPv6 address in brackets, as Host carries it. */
  name: string;
  /** null: any port. */
  port: string | null;
}

const HOST_SYNTAX = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/;

/** "LocalHost:4599" → { name: "localhost", port: "4599" }; null when it is not a host. */
export function parseHost(value: string): HostRule | null {
  const match = HOST_SYNTAX.exec(value.trim().toLowerCase());
  if (!match) return null;
  return { name: match[1]!, port: match[2] ?? null };
}

// Names only this machine can mean: a page cannot get a browser to send them for its own origin.
const LOOPBACK: readonly HostRule[] = ["localhost", "127.0.0.1", "[::1]"].map((name) => ({
  name,
  port: null,
}));

/**
 * The Host rules of a server: loopback names, the address it listens on (unless a wildcard: the
 * URL it prints must work) and the operator's `name` or `name:port` entries.
 */
export function hostRules(allowed: readonly string[], listenHost: string): HostRule[] {
  const rules = [...LOOPBACK];
  const listening = listenHost.includes(":") ? `[${listenHost}]` : listenHost;
  if (listening !== "0.0.0.0" && listening !== "[::]") {
    const rule = parseHost(listening);
    if (rule) rules.push({ name: rule.name, port: null });
  }
  for (const entry of allowed) {
    const rule = parseHost(entry);
    if (!rule) throw new Error(`Not a host name or name:port: ${JSON.stringify(entry)}`);
    rules.push(rule);
  }
  return rules;
}

function hostAllowed(value: string, rules: readonly HostRule[]): boolean {
  const host = parseHost(value);
  if (!host) return false;
  // RFC 6761: names under .localhost are loopback, and no one can publish DNS for them to rebind.
  if (host.name.endsWith(".localhost")) return true;
  return rules.some((r) => r.name === host.name && (r.port === null || r.port === host.port));
}

const FROM_A_PAGE =
  "the emulator answers AWS SDKs, the AWS CLI and scripts, which send neither Origin nor Sec-Fetch-Site.";

/** Why the request is refused, or null when it may go on. */
export function callerRefusal(
  headers: IncomingHttpHeaders,
  rules: readonly HostRule[],
): string | null {
  const host = headers.host;
  if (!host) return "A Host header is required.";
  if (!hostAllowed(host, rules)) {
    return `Host ${JSON.stringify(host.slice(0, 255))} is not a name this emulator answers to: it answers localhost, 127.0.0.1, [::1] and the names in DX_EMULATOR_ALLOWED_HOSTS.`;
  }
  if (headers.origin !== undefined)
    return `Requests from web pages (with Origin) are refused: ${FROM_A_PAGE}`;
  const site = headers["sec-fetch-site"];
  if (site === "cross-site" || site === "same-site") {
    return `Requests from web pages (Sec-Fetch-Site: ${site}) are refused: ${FROM_A_PAGE}`;
  }
  return null;
}
