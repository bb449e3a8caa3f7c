/**
 * The audit log fails closed: a change's intent is on disk before AWS is called, its outcome after,
 * linked by a request id; when the intent cannot be written, the change is refused (503) and nothing
 * is sent to AWS. Through the real route handlers, the real SDK and the emulator over HTTP.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { POST as createPeer } from "@/app/api/bgp-peers/route";
import { GET as getTopology } from "@/app/api/topology/route";
import { POST as confirmVif } from "@/app/api/virtual-interfaces/[id]/confirm/route";
import { reloadDxConfig } from "@/lib/server/config";
import type { DxApiErrorBody, DxTopology } from "@/lib/dx/types";

import { apiRequest, json, params, startApiHarness, type ApiHarness } from "./harness";

type Err = DxApiErrorBody;
type Line = Record<string, unknown>;

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control("POST", "/_dxmap/reset", {});
  h.useEndpoint(h.url);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const vifNamed = async (name: string) => {
  const t = (
    await json<DxTopology>(await getTopology(apiRequest("GET", "/api/topology"), params({})))
  ).body;
  return t.virtualInterfaces.find((v) => v.name === name && v.region === "us-east-1")!;
};
const addPeer = async (body: Record<string, unknown>) =>
  json<Err>(await createPeer(apiRequest("POST", "/api/bgp-peers", body), params({})));
const linesOf = (requestId: unknown) => h.auditLines().filter((l) => l.requestId === requestId);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("the audit log's intent and outcome", () => {
  it("writes the intent before AWS is called and the outcome after, linked by a request id", async () => {
    const lag = await vifNamed("lag-private");
    const before = h.auditLines().length;
    // What the audit log holds at the moment the emulator carries out the change.
    const emulator = h.running.emulator;
    const answer = emulator.answer.bind(emulator);
    let atTheCall: Line[] | undefined;
    vi.spyOn(emulator, "answer").mockImplementation(async (operation, ...rest) => {
      if (operation === "CreateBGPPeer") atTheCall = h.auditLines().slice(before);
      return answer(operation, ...rest);
    });

    const res = await addPeer({
      account: "network",
      region: "us-east-1",
      virtualInterfaceId: lag.id,
      addressFamily: "ipv6",
      asn: 64600,
      authKey: "intent-secret-key",
    });
    expect(res.status).toBe(200);

    // 1. The intent, alone, was on disk when the call arrived.
    expect(atTheCall).toHaveLength(1);
    const intent = atTheCall![0]!;
    expect(intent).toEqual({
      time: expect.any(String),
      phase: "intent",
      requestId: expect.stringMatching(UUID),
      user: "anonymous",
      route: "POST /api/bgp-peers",
      account: "network",
      region: "us-east-1",
      operation: "CreateBGPPeer",
      targetId: lag.id,
      parameters: {
        account: "network",
        region: "us-east-1",
        virtualInterfaceId: lag.id,
        addressFamily: "ipv6",
        asn: 64600,
        authKey: "[redacted]",
      },
    });
    // 2. The emulator received the call. 3. The outcome came after, with the same request id.
    const calls = (
      await h.control<{ calls: { operation: string; time: string; requestId: string }[] }>(
        "GET",
        "/_dxmap/calls?operation=CreateBGPPeer",
      )
    ).body.calls;
    expect(calls).toHaveLength(1);
    const [first, outcome, ...more] = linesOf(intent.requestId);
    expect(more).toEqual([]);
    expect(first).toEqual(intent);
    expect(outcome).toMatchObject({
      phase: "outcome",
      operation: "CreateBGPPeer",
      targetId: lag.id,
      outcome: "success",
      awsRequestId: calls[0]!.requestId,
    });
    expect(Date.parse(String(intent.time))).toBeLessThanOrEqual(Date.parse(calls[0]!.time));
    expect(Date.parse(calls[0]!.time)).toBeLessThanOrEqual(Date.parse(String(outcome!.time)));
    expect(h.auditLines().slice(before)).toEqual([intent, outcome]);
  });

  it("records AWS's refusal as the outcome of the intent it follows", async () => {
    const lag = await vifNamed("lag-private");
    const res = await addPeer({
      account: "network",
      region: "us-east-1",
      virtualInterfaceId: lag.id,
      addressFamily: "ipv4",
      asn: 65000,
    });
    expect(res.status).toBe(400);
    const last = h.auditLines().at(-1)!;
    expect(linesOf(last.requestId).map((l) => [l.phase, l.outcome, l.errorCode])).toEqual([
      ["intent", undefined, undefined],
      ["outcome", "failure", "aws_refused"],
    ]);
    expect(last.awsRequestId).toBe(res.body.error.requestId);
  });

  it("records a change refused before any AWS call as an outcome with no intent", async () => {
    const res = await addPeer({
      account: "network",
      region: "us-east-1",
      virtualInterfaceId: "dxvif-fabcdefg",
      addressFamily: "ipv4",
      asn: 0,
    });
    expect(res.status).toBe(400);
    const last = h.auditLines().at(-1)!;
    expect(linesOf(last.requestId)).toEqual([
      expect.objectContaining({
        phase: "outcome",
        outcome: "failure",
        errorCode: "validation_failed",
      }),
    ]);
  });
});

describe("an audit log that cannot be written", () => {
  let logged: unknown[][] = [];
  beforeEach(() => {
    // A directory where the log file should be: every write fails (EISDIR), whoever runs the tests.
    process.env.DX_AUDIT_LOG = h.dir;
    reloadDxConfig();
    logged = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
  });
  afterEach(() => {
    process.env.DX_AUDIT_LOG = h.auditLog;
    reloadDxConfig();
  });

  it("refuses a change with 503 and sends nothing to AWS", async () => {
    const lag = await vifNamed("lag-private");
    await h.control("DELETE", "/_dxmap/calls");
    const res = await addPeer({
      account: "network",
      region: "us-east-1",
      virtualInterfaceId: lag.id,
      addressFamily: "ipv6",
      asn: 64600,
    });
    expect(res.status).toBe(503);
    expect(res.body.error).toEqual({
      code: "audit_unavailable",
      message:
        "The audit log cannot be written, so dxmap sent nothing to AWS. The server's log has the details.",
    });
    expect((await h.control<{ total: number }>("GET", "/_dxmap/calls")).body.total).toBe(0);
    expect(
      logged.map((args) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ")),
    ).toContainEqual(
      expect.stringMatching(/POST \/api\/bgp-peers: the audit log could not be written.*EISDIR/),
    );
  });

  it("makes not even the read a change starts with", async () => {
    const app = await vifNamed("workload-app");
    await h.control("DELETE", "/_dxmap/calls");
    const res = await json<Err>(
      await confirmVif(
        apiRequest("POST", `/api/virtual-interfaces/${app.id}/confirm`, {
          account: "workload",
          region: "us-east-1",
          directConnectGatewayId: "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01",
        }),
        params({ id: app.id }),
      ),
    );
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("audit_unavailable");
    expect((await h.control<{ total: number }>("GET", "/_dxmap/calls")).body.total).toBe(0);
  });
});
