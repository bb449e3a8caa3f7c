import "server-only";

import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";

import { getDxConfig } from "./config";

// The audit log: one JSON line per mutation, with secrets redacted.

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

const SECRET_KEYS = /authkey|secret|password|token|credential/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? "[redacted]" : redact(v)]));
  }
  return value;
}

export async function appendAudit(record: AuditRecord): Promise<void> {
  const path = getDxConfig().security.auditLogPath;
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, `${JSON.stringify({ ...record, parameters: redact(record.parameters) })}\n`);
}
