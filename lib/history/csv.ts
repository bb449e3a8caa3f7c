import type { DxEvent } from "@/lib/dx/history";

// Events as CSV (RFC 4180): a header line, then one line per event. A value is quoted when it holds
// a comma, a quote or a line break; one starting with =, +, - or @ is prefixed with ' so that a
// spreadsheet shows it rather than runs it (resource names come from AWS, written by anyone).

const COLUMNS = [
  "id",
  "time",
  "account",
  "region",
  "resourceType",
  "resourceId",
  "parentId",
  "field",
  "from",
  "to",
] as const satisfies readonly (keyof DxEvent)[];

function cell(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function eventsCsv(events: readonly DxEvent[], withHeader: boolean): string {
  const lines = events.map((e) => COLUMNS.map((c) => cell(e[c])).join(","));
  if (withHeader) lines.unshift(COLUMNS.join(","));
  return lines.length > 0 ? `${lines.join("\r\n")}\r\n` : "";
}
