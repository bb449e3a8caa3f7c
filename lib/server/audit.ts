import "server-only";

import { mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";

import { getDxConfig } from "./config";

// The audit log: one JSON object per line, appended to DX_AUDIT_LOG (readable by jq and any log
// shipper). A change is written twice: its intent, on disk before any AWS call is made (a change whose
// intent cannot be written is refused and nothing is sent), and its outcome once it is known; the two
// share a requestId. So every change AWS saw has a record, even if the server dies mid-call: an intent
// without an outcome. An outcome without an intent is a change refused before any AWS call.
// Secrets never reach it: fields whose names mark them as secret are replaced by "[redacted]" at any
// depth, and the configured accounts' static secret keys are scrubbed from the line as a second line
// of defence.

export interface AuditRecord {
  time: string;
  /** "intent": about to call AWS. "outcome": what came of it (or of a refusal before any call). */
  phase: "intent" | "outcome";
  /** dxmap's id of the request, linking its intent and its outcome (AWS's own is awsRequestId). */
  requestId: string;
  user: string;
  route: string;
  account: string;
  region: string;
  operation: string;
  targetId: string;
  parameters: Record<string, unknown>;
  /** Outcome records only. */
  outcome?: "success" | "failure";
  errorCode?: string;
  awsRequestId?: string;
}

/**
 * How a change's AWS calls meet the audit log (route() makes it, lib/aws/mutations.ts calls it): every
 * call awaits `beforeAws()` first, which writes the intent once and rejects when it cannot be written.
 */
export interface AwsCallHooks {
  beforeAws(): Promise<void>;
  /** AWS's request id of the change's call, for the outcome record. */
  onRequestId(requestId: string | undefined): void;
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

/**
 * Where else a record goes once it is on disk: the history store (lib/history/collector.ts adds it),
 * so that a resource's timeline shows who did what next to what AWS did. Given the record as the log
 * has it (redacted and scrubbed). On globalThis: the collector is bundled apart from the routes.
 */
type AuditSink = (record: AuditRecord) => Promise<void>;
const sinksKey = Symbol.for("dxmap.auditSinks");
function auditSinks(): Set<AuditSink> {
  const g = globalThis as Record<symbol, unknown>;
  return (g[sinksKey] ??= new Set<AuditSink>()) as Set<AuditSink>;
}

export function addAuditSink(sink: AuditSink): () => void {
  auditSinks().add(sink);
  return () => auditSinks().delete(sink);
}

// Appends run one after another, so concurrent mutations never interleave within a line.
let queue: Promise<void> = Promise.resolve();

/**
 * Appends one record and resolves once it is on disk (fdatasync), not only in the page cache: an
 * intent must outlive a crash of the machine, not just of the process, since the AWS call it announces
 * follows at once. Changes are made by people, one at a time, and a sync costs milliseconds against
 * the AWS call's hundreds. Rejects when the log cannot be written: the caller decides what that means.
 */
export function appendAudit(record: AuditRecord): Promise<void> {
  const path = getDxConfig().security.auditLogPath;
  const line = auditLine(record);
  const write = queue.then(async () => {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // The log names users and resources: readable by the server's user only.
    const file = await open(path, "a", 0o600);
    try {
      await file.appendFile(line);
      await file.datasync();
    } finally {
      await file.close();
    }
  });
  queue = write.catch(() => undefined);
  // The file is the record that must exist before AWS is called; the store's copy is for reading,
  // and a store that cannot take it is said in the log, not a reason to refuse the change.
  const stored = write.then(async () => {
    if (auditSinks().size === 0) return;
    const kept = JSON.parse(line) as AuditRecord;
    for (const sink of auditSinks())
      await sink(kept).catch((error: unknown) =>
        console.warn(
          `[dxmap] the history store did not take an audit record: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  });
  return stored.catch((error: unknown) => {
    console.error(
      `[dxmap] could not write the audit log ${path}:`,
      error instanceof Error ? error.message : error,
    );
    throw error;
  });
}
