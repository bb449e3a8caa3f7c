/**
 * The control API for tests and demos, under /_dxmap/ (no AWS operation uses these paths). It is
 * unauthenticated: the emulator listens on loopback, and server.ts refuses web pages' requests
 * before they reach it (callers.ts). Bodies and answers are JSON; a body must say so.
 *
 *   GET    /_dxmap/health                 {status, seed, transitionMs, now, accounts}
 *   POST   /_dxmap/reset     {seed?}      back to a seed scenario (clears faults and the call log)
 *   POST   /_dxmap/clock     {advanceMs}  move the emulator clock forward; due transitions apply
 *   POST   /_dxmap/bgp       {virtualInterfaceId, bgpPeerId?, status: "up"|"down"}
 *   GET    /_dxmap/faults                 the active fault rules
 *   POST   /_dxmap/faults    {throttleRate?, errorRate?, latencyMs?, account?, region?, operation?}
 *   DELETE /_dxmap/faults                 clear every fault
 *   GET    /_dxmap/calls?operation=&account=&region=   counts and the last 100 matching AWS calls
 *   DELETE /_dxmap/calls                  clear the call log
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { isKnownOperation } from "./model";
import { SEEDS, isKnownSeed } from "./seed";
import type { Emulator } from "./emulator";

const MAX_CONTROL_BODY = 64 * 1024;

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function reply(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** A refusal in the control API's shape, for a request refused before it reached a route. */
export function refuseControl(res: ServerResponse, status: number, message: string): void {
  reply(res, status, { error: message });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  // A cross-site <form> or a "simple" fetch can POST text/plain without a CORS preflight; neither
  // can send application/json, so requiring it keeps every change out of a page's reach.
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ControlError(
      415,
      `Content-Type must be application/json${type ? `, not "${type}"` : ""}.`,
    );
  }
  let text = "";
  for await (const chunk of req as AsyncIterable<Buffer>) {
    text += chunk.toString("utf8");
    if (text.length > MAX_CONTROL_BODY) throw new ControlError(413, "Body too large");
  }
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError(400, "Body must be JSON");
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ControlError(
      400,
      result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  }
  return result.data;
}

const resetBody = z
  .object({
    seed: z
      .string()
      .refine(isKnownSeed, {
        message: `Known seeds: ${SEEDS.join(", ")} (S, M and L take a seed number, e.g. M:7)`,
      })
      .optional(),
  })
  .strict();
const clockBody = z
  .object({
    advanceMs: z
      .number()
      .int()
      .positive()
      .max(366 * 86400_000),
  })
  .strict();
const bgpBody = z
  .object({
    virtualInterfaceId: z.string(),
    bgpPeerId: z.string().optional(),
    status: z.enum(["up", "down"]),
  })
  .strict();
const rate = z.number().min(0).max(1);
const faultBody = z
  .object({
    throttleRate: rate.optional(),
    errorRate: rate.optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    account: z.string().optional(),
    region: z.string().optional(),
    operation: z.string().optional(),
  })
  .strict()
  .refine(
    (f) => f.throttleRate !== undefined || f.errorRate !== undefined || f.latencyMs !== undefined,
    {
      message: "Give at least one of throttleRate, errorRate, latencyMs",
    },
  );

export async function handleControl(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator");
  const route = `${req.method} ${url.pathname}`;
  try {
    switch (route) {
      case "GET /_dxmap/health":
        return reply(res, 200, {
          status: "ok",
          seed: emulator.state.seed,
          transitionMs: emulator.transitionMs,
          now: new Date(emulator.now()).toISOString(),
          accounts: emulator.accounts.map((a) => ({ alias: a.alias, accountId: a.accountId })),
        });
      case "POST /_dxmap/reset": {
        const { seed } = parse(resetBody, await readJson(req));
        await emulator.reset(seed);
        return reply(res, 200, { status: "reset", seed: emulator.state.seed });
      }
      case "POST /_dxmap/clock": {
        const { advanceMs } = parse(clockBody, await readJson(req));
        await emulator.advanceClock(advanceMs);
        return reply(res, 200, {
          now: new Date(emulator.now()).toISOString(),
          offsetMs: emulator.state.clockOffsetMs,
        });
      }
      case "POST /_dxmap/bgp": {
        const body = parse(bgpBody, await readJson(req));
        const vif = emulator.state.virtualInterfaces[body.virtualInterfaceId];
        if (!vif) throw new ControlError(404, `No virtual interface ${body.virtualInterfaceId}`);
        const peers = vif.peers.filter(
          (p) => body.bgpPeerId === undefined || p.bgpPeerId === body.bgpPeerId,
        );
        if (peers.length === 0)
          throw new ControlError(
            404,
            `No BGP peer ${body.bgpPeerId} on ${body.virtualInterfaceId}`,
          );
        for (const peer of peers) peer.sessionDown = body.status === "down";
        emulator.touched();
        await emulator.persistence.commit();
        return reply(res, 200, {
          virtualInterfaceId: vif.virtualInterfaceId,
          bgpPeerIds: peers.map((p) => p.bgpPeerId),
          status: body.status,
        });
      }
      case "GET /_dxmap/faults":
        return reply(res, 200, { faults: emulator.faults.rules });
      case "POST /_dxmap/faults": {
        const body = parse(faultBody, await readJson(req));
        // A misspelt account or operation would make a rule that matches nothing, silently.
        if (
          body.account !== undefined &&
          !emulator.accounts.some((a) => a.alias === body.account || a.accountId === body.account)
        ) {
          throw new ControlError(400, `account: no account has the alias or id "${body.account}"`);
        }
        if (body.operation !== undefined && !isKnownOperation(body.operation)) {
          throw new ControlError(
            400,
            `operation: "${body.operation}" is not a Direct Connect operation`,
          );
        }
        return reply(res, 201, emulator.faults.add(body));
      }
      case "DELETE /_dxmap/faults":
        emulator.faults.clear();
        return reply(res, 200, { faults: [] });
      case "GET /_dxmap/calls": {
        const filter = (key: "operation" | "account" | "region") => url.searchParams.get(key);
        // Calls are logged by alias; accept an account id too, as the fault rules do.
        const account = filter("account");
        const alias = emulator.accounts.find((a) => a.accountId === account)?.alias ?? account;
        const calls = emulator.calls.filter(
          (c) =>
            (!filter("operation") || c.operation === filter("operation")) &&
            (!alias || c.account === alias) &&
            (!filter("region") || c.region === filter("region")),
        );
        const byOperation: Record<string, number> = {};
        for (const c of calls) byOperation[c.operation] = (byOperation[c.operation] ?? 0) + 1;
        return reply(res, 200, { total: calls.length, byOperation, calls: calls.slice(-100) });
      }
      case "DELETE /_dxmap/calls":
        emulator.calls = [];
        return reply(res, 200, { total: 0 });
      default:
        throw new ControlError(
          404,
          `No control route ${route}. See the control API in lib/emulator/README.md.`,
        );
    }
  } catch (error) {
    if (error instanceof ControlError) return reply(res, error.status, { error: error.message });
    throw error;
  }
}
