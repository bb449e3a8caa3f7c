import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { appendAudit, auditLine, redact, REDACTED, type AuditRecord } from "./audit";
import { reloadDxConfig } from "./config";

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  reloadDxConfig();
});

const EMULATOR_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const record = (
  parameters: Record<string, unknown>,
  extra: Partial<AuditRecord> = {},
): AuditRecord => ({
  time: "2026-01-02T03:04:05.000Z",
  phase: "outcome",
  requestId: "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
  user: "alice",
  route: "POST /api/bgp-peers",
  account: "network",
  region: "us-east-1",
  operation: "CreateBGPPeer",
  targetId: "dxvif-abcdefgh",
  parameters,
  outcome: "success",
  awsRequestId: "11111111-2222-3333-4444-555555555555",
  ...extra,
});

describe("redact", () => {
  it("replaces secret-named fields at any depth and keeps the rest", () => {
    const input = {
      account: "network",
      authKey: "0xBGPKEY",
      newBGPPeer: { asn: 65000, authKey: "0xNESTED", auth_key: "0xSNAKE" },
      peers: [{ authKey: "0xINARRAY", customerAddress: "169.254.0.2/30" }],
      customerRouterConfig: "<bgp_auth_key>0xCONFIG</bgp_auth_key>",
      secretAccessKey: EMULATOR_SECRET,
      sessionToken: "tok",
      password: "pw",
      Authorization: "Basic abc",
      emptyAuthKey: "",
    };
    const out = redact(input) as typeof input;
    expect(out).toEqual({
      account: "network",
      authKey: REDACTED,
      newBGPPeer: { asn: 65000, authKey: REDACTED, auth_key: REDACTED },
      peers: [{ authKey: REDACTED, customerAddress: "169.254.0.2/30" }],
      customerRouterConfig: REDACTED,
      secretAccessKey: REDACTED,
      sessionToken: REDACTED,
      password: REDACTED,
      Authorization: REDACTED,
      // An absent key stays visibly absent: "no key was set" is worth knowing.
      emptyAuthKey: "",
    });
    expect(input.authKey).toBe("0xBGPKEY");
  });

  it("survives a deep or cyclic value", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => JSON.stringify(redact(cyclic))).not.toThrow();
  });
});

describe("the audit log", () => {
  function useLog() {
    const path = join(mkdtempSync(join(tmpdir(), "dxmap-audit-")), "nested", "audit.log");
    process.env.DX_AUDIT_LOG = path;
    reloadDxConfig();
    return path;
  }
  const lines = (path: string) =>
    readFileSync(path, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it("appends one JSON object per mutation with every field, secrets redacted", async () => {
    const path = useLog();
    await appendAudit(
      record({
        account: "network",
        virtualInterfaceId: "dxvif-abcdefgh",
        asn: 65001,
        authKey: "s3cret-md5-key",
      }),
    );
    await appendAudit(
      record({ account: "network" }, { outcome: "failure", errorCode: "aws_refused" }),
    );
    const [first, second] = lines(path);
    expect(first).toEqual({
      time: "2026-01-02T03:04:05.000Z",
      phase: "outcome",
      requestId: "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
      user: "alice",
      route: "POST /api/bgp-peers",
      account: "network",
      region: "us-east-1",
      operation: "CreateBGPPeer",
      targetId: "dxvif-abcdefgh",
      parameters: {
        account: "network",
        virtualInterfaceId: "dxvif-abcdefgh",
        asn: 65001,
        authKey: REDACTED,
      },
      outcome: "success",
      awsRequestId: "11111111-2222-3333-4444-555555555555",
    });
    expect(second).toMatchObject({ outcome: "failure", errorCode: "aws_refused" });
    expect(readFileSync(path, "utf8")).not.toContain("s3cret-md5-key");
    // Readable by the server's own user only.
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("scrubs a configured account's secret key wherever it appears", () => {
    reloadDxConfig();
    const line = auditLine(
      record({ note: `oops ${EMULATOR_SECRET}` }, { errorCode: EMULATOR_SECRET }),
    );
    expect(line).not.toContain(EMULATOR_SECRET);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.trimEnd()).not.toContain("\n");
  });

  it("keeps concurrent records whole, one per line", async () => {
    const path = useLog();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => appendAudit(record({ i, filler: "x".repeat(5000) }))),
    );
    const all = lines(path);
    expect(all).toHaveLength(50);
    expect(new Set(all.map((l) => (l.parameters as { i: number }).i)).size).toBe(50);
  });

  it("rejects when the log cannot be written, and keeps writing afterwards", async () => {
    const blocker = useLog();
    await appendAudit(record({}));
    // A file where the log's directory should be.
    process.env.DX_AUDIT_LOG = join(blocker, "audit.log");
    reloadDxConfig();
    await expect(appendAudit(record({}))).rejects.toThrow();
    const path = useLog();
    await appendAudit(record({}));
    expect(lines(path)).toHaveLength(1);
  });
});
