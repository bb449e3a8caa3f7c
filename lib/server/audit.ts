import "server-only";

import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";

import { getDxConfig } from "./config";

// The audit log: one JSON object per line for every mutation, appended to DX_AUDIT_LOG (readable by
// jq and any log shipper). Secrets never reach it: fields whose names mark them as secret are replaced
// by "[redacted]" at any depth, and the configured accounts' static secret keys are scrubbed from the
// line as a second line of defence.

export interface AuditRecord {
  time: string;
  user: string;
  route: string;
  account: string;
  region: string;
  operation: string;
  targetId: string;
  parameters: Record<string, unknown>;
  outcome: "success" | "failure";
  errorCode?: string;
  awsRequestId?: string;
}

export const REDACTED = "[redacted]";

// authKey (BGP MD5 keys), customerRouterConfig (it embeds the key), AWS secret keys and session
// tokens, passwords and anything called a credential or authorization.
const SECRET_NAME =
  /auth_?key|secret|passw(or)?d|token|credential|authorization|router_?config|private_?key/i;
const MAX_DEPTH = 20;

/** A copy of `value` with every secret-named field replaced by "[redacted]". */
export function redact(value: unknown): unknown {
  return redactAt(value, 0);
}

function redactAt(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactAt(v, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_NAME.test(k)
          ? v === undefined || v === null || v === ""
            ? v
            : REDACTED
          : redactAt(v, depth + 1),
      ]),
    );
  }
  return value;
}

/** Static secrets of the configured accounts (the emulator's keys, or keys given in configuration). */
function knownSecrets(): string[] {
  const secrets: string[] = [];
  for (const { credentials } of getDxConfig().accounts) {
    if (typeof credentials === "object") {
      if (credentials.secretAccessKey) secrets.push(credentials.secretAccessKey);
      if (credentials.sessionToken) secrets.push(credentials.sessionToken);
    }
  }
  return secrets.filter((s) => s.length >= 8);
}

/** The log line for a record: redacted, scrubbed, one line. */
export function auditLine(record: AuditRecord): string {
  let line = JSON.stringify({ ...record, parameters: redact(record.parameters) });
  for (const secret of knownSecrets())
    line = line.split(JSON.stringify(secret).slice(1, -1)).join(REDACTED);
  return `${line}\n`;
}

// Appends run one after another, so concurrent mutations never interleave within a line.
let queue: Promise<void> = Promise.resolve();

/** Appends one record. Rejects when the log cannot be written: the caller decides what that means. */
export function appendAudit(record: AuditRecord): Promise<void> {
  const path = getDxConfig().security.auditLogPath;
  const line = auditLine(record);
  const write = queue.then(async () => {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // The log names users and resources: readable by the server's user only.
    await appendFile(path, line, { mode: 0o600 });
  });
  queue = write.catch(() => undefined);
  return write.catch((error: unknown) => {
    console.error(
      `[dxmap] could not write the audit log ${path}:`,
      error instanceof Error ? error.message : error,
    );
    throw error;
  });
}
