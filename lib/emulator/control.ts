/**
 * The control API for tests and demos, under /_dxmap/ (no AWS operation uses these paths). It is
 * unauthenticated: the emulator listens on loopback, and server.ts refuses web pages' requests
 * before they reach it (callers.ts). Bodies and answers are JSON; a body must say so.
 *
 *   GET    /_dxmap/health                 {status, seed, transitionMs, now, accounts}
 *   POST   /_dxmap/reset     {seed?}      back to a seed scenario (clears faults and the call log)
 *   POST   /_dxmap/clock     {advanceMs}  move the emulator clock forward; due transitions apply
 *   POST   /_dxmap/bgp       {virtualInterfaceId, bgpPeerId?, status: "up"|"down"}
 *   POST   /_dxmap/devices   {connectionId | lagId, awsDevice, awsLogicalDeviceId?}
 *                                        place a connection, or a LAG with its members, on a device
 *                                        (its interfaces and peers follow); awsLogicalDeviceId
 *                                        defaults to awsDevice, and when it differs the connection
 *                                        has logical redundancy
 *   GET    /_dxmap/faults                 the active fault rules
 *   POST   /_dxmap/faults    {throttleRate?, errorRate?, latencyMs?, account?, region?, operation?}
 *   DELETE /_dxmap/faults                 clear every fault
 *   GET    /_dxmap/calls?operation=&account=&region=&limit=   counts and the last 100 (limit)
 *                                        matching AWS calls
 *   GET    /_dxmap/calls/rates?service=&account=   each account's calls per second: peak (most in
 *                                        any one second) and mean, of directconnect (default),
 *                                        sts or organizations
 *   DELETE /_dxmap/calls                  clear the call log and the rates
 *   GET    /_dxmap/organization           the organization: units, accounts and their standing
 *   POST   /_dxmap/organization/accounts {accountId?, name, email?, parentId?, role?, delegatedAdministrator?}
 *                                        add a member account, with its dxmap-read role by default
 *   POST   /_dxmap/organization/accounts/close   {accountId}   close it (pending closure, suspended)
 *   POST   /_dxmap/organization/accounts/remove  {accountId}   it leaves the organization at once
 *   POST   /_dxmap/organization/units    {name, parentId?}    add an organizational unit
 *   POST   /_dxmap/organization/delegated-administrators {accountId, delegated}
 *   GET    /_dxmap/roles?accountId=       the IAM roles (of one account)
 *   POST   /_dxmap/roles     {accountId, roleName, trust?, externalId?, maxSessionDuration?}
 *                                        create a role or change what it trusts and asks for
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { randomInt } from "node:crypto";
import { placement } from "./devices";
import { ID_FORMATS } from "./ids";
import { isKnownOperation, organizationsModel, stsModel } from "./model";
import {
  addMemberAccount,
  addOrganizationalUnit,
  closeAccount,
  findRole,
  OrganizationInputError,
  putRole,
  removeAccount,
  setDelegatedAdministrator,
  standing,
} from "./organization";
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
        message: `Known seeds: ${SEEDS.join(", ")} (S, M, L and XL take a seed number, e.g. M:7; ORG a count of member accounts, 1 to 1000, e.g. ORG:25)`,
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
const deviceBody = z
  .object({
    connectionId: z.string().optional(),
    lagId: z.string().optional(),
    awsDevice: z.string(),
    awsLogicalDeviceId: z.string().optional(),
  })
  .strict()
  .refine((b) => (b.connectionId === undefined) !== (b.lagId === undefined), {
    message: "Give exactly one of connectionId and lagId",
  });
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

/** How many of the matching calls GET /_dxmap/calls lists, the latest (100 by default; the log keeps 10,000). */
const callsLimit = z.coerce.number().int().min(0).max(10_000).default(100);
const ratesQuery = z
  .object({
    service: z.enum(["directconnect", "sts", "organizations"]).default("directconnect"),
    account: z.string().optional(),
  })
  .strict();

const accountId = z.string().regex(/^\d{12}$/, "12 digits");
const roleFields = {
  roleName: z.string().optional(),
  trust: z.array(z.string()).max(100).optional(),
  externalId: z.string().nullable().optional(),
  maxSessionDuration: z.number().int().optional(),
};
const memberBody = z
  .object({
    accountId: accountId.optional(),
    name: z.string(),
    email: z.string().optional(),
    parentId: z.string().optional(),
    role: z.union([z.literal(false), z.object(roleFields).strict()]).optional(),
    delegatedAdministrator: z.boolean().optional(),
  })
  .strict();
const accountBody = z.object({ accountId }).strict();
const unitBody = z.object({ name: z.string(), parentId: z.string().optional() }).strict();
const delegatedBody = z.object({ accountId, delegated: z.boolean() }).strict();
const roleBody = z.object({ accountId, ...roleFields, roleName: z.string() }).strict();

/** An organization change: refused input is a 400 and changes nothing; a change is on disk when answered. */
async function changeOrganization<T>(emulator: Emulator, change: () => T): Promise<T> {
  let result: T;
  try {
    result = change();
  } catch (error) {
    if (error instanceof OrganizationInputError) throw new ControlError(400, error.message);
    throw error;
  }
  emulator.touched();
  await emulator.persistence.commit();
  return result;
}

/** A new account id: 12 digits no account, member or role of the emulator has. */
function freeAccountId(emulator: Emulator): string {
  const used = new Set([
    ...emulator.accounts.map((a) => a.accountId),
    ...Object.keys(emulator.state.organization?.accounts ?? {}),
    ...Object.values(emulator.state.roles).map((r) => r.accountId),
  ]);
  for (;;) {
    const id = String(randomInt(100_000_000, 999_999_999)) + String(randomInt(100, 1000));
    if (!used.has(id)) return id;
  }
}

function organizationView(emulator: Emulator) {
  const organization = emulator.state.organization;
  if (!organization) return { organization: null };
  const now = emulator.now();
  return {
    organization: {
      id: organization.id,
      managementAccountId: organization.managementAccountId,
      rootId: organization.rootId,
      units: Object.values(organization.units),
      accounts: Object.values(organization.accounts).flatMap((a) => {
        const at = standing(a, now, emulator.transitionMs);
        return at
          ? [
              {
                accountId: a.id,
                name: a.name,
                email: a.email,
                parentId: a.parentId,
                status: at.status,
                state: at.state,
                joinedMethod: a.joinedMethod,
                joinedAt: new Date(a.joinedAt).toISOString(),
              },
            ]
          : [];
      }),
      delegatedAdministrators: organization.delegatedAdministrators,
    },
  };
}

/**
 * POST /_dxmap/devices: everything is checked before anything changes. AWS's rules hold: LAG members
 * stay on their LAG's device (so a member is placed through its LAG), and an interface with two peers
 * of a family keeps the logical redundancy they need.
 */
async function placeOnDevice(emulator: Emulator, body: z.infer<typeof deviceBody>) {
  const { state } = emulator;
  const [kind, id] =
    body.lagId !== undefined
      ? (["lag", body.lagId] as const)
      : (["connection", body.connectionId!] as const);
  if (!ID_FORMATS[kind].test(id))
    throw new ControlError(
      400,
      `${kind === "lag" ? "lagId" : "connectionId"}: ${id} has an invalid format`,
    );
  const record = kind === "lag" ? state.lags[id] : state.connections[id];
  if (!record) throw new ControlError(404, `No ${kind === "lag" ? "LAG" : "connection"} ${id}`);
  if (record.state === "deleted" || record.state === "rejected")
    throw new ControlError(400, `${id} is ${record.state}`);
  const lagOf = kind === "connection" ? state.connections[id]?.lagId : undefined;
  if (lagOf)
    throw new ControlError(
      400,
      `${id} is a member of ${lagOf}, whose members share its device: place the LAG (lagId)`,
    );
  const logical = body.awsLogicalDeviceId ?? body.awsDevice;
  for (const [field, device] of [
    ["awsDevice", body.awsDevice],
    ["awsLogicalDeviceId", logical],
  ] as const) {
    if (ID_FORMATS.device.exec(device)?.[1] !== record.location) {
      throw new ControlError(
        400,
        `${field}: ${device} is not a device name at ${record.location} (${record.location}- and 12 or 13 of [a-z0-9], e.g. ${record.location}-2bx9a3dkf7ux1)`,
      );
    }
  }
  const placed = placement(body.awsDevice, logical);
  const members = Object.values(state.connections).filter((c) => c.lagId === id);
  const on = new Set([id, ...members.map((c) => c.connectionId)]);
  const vifs = Object.values(state.virtualInterfaces).filter(
    (v) => on.has(v.connectionId) && v.state !== "deleted" && v.state !== "rejected",
  );
  if (placed.hasLogicalRedundancy !== "yes") {
    const doubled = vifs.find((v) => {
      const live = v.peers.filter((p) => p.state !== "deleting" && p.state !== "deleted");
      return live.some((p, i) => live.findIndex((q) => q.addressFamily === p.addressFamily) !== i);
    });
    if (doubled)
      throw new ControlError(
        400,
        `${doubled.virtualInterfaceId} has two BGP peers of one address family, which need logical redundancy: give an awsLogicalDeviceId other than awsDevice`,
      );
  }
  for (const r of [record, ...members]) Object.assign(r, placed);
  emulator.touched();
  await emulator.persistence.commit();
  return {
    [kind === "lag" ? "lagId" : "connectionId"]: id,
    ...placed,
    ...(kind === "lag" ? { connectionIds: members.map((c) => c.connectionId) } : {}),
    virtualInterfaceIds: vifs.map((v) => v.virtualInterfaceId),
  };
}

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
      case "POST /_dxmap/devices":
        return reply(
          res,
          200,
          await placeOnDevice(emulator, parse(deviceBody, await readJson(req))),
        );
      case "GET /_dxmap/faults":
        return reply(res, 200, { faults: emulator.faults.rules });
      case "POST /_dxmap/faults": {
        const body = parse(faultBody, await readJson(req));
        // A misspelt account or operation would make a rule that matches nothing, silently.
        if (
          body.account !== undefined &&
          !emulator.accounts.some(
            (a) => a.alias === body.account || a.accountId === body.account,
          ) &&
          !Object.values(emulator.state.organization?.accounts ?? {}).some(
            (a) => a.name === body.account || a.id === body.account,
          )
        ) {
          throw new ControlError(400, `account: no account has the alias or id "${body.account}"`);
        }
        if (
          body.operation !== undefined &&
          !isKnownOperation(body.operation) &&
          !stsModel.isKnownOperation(body.operation) &&
          !organizationsModel.isKnownOperation(body.operation)
        ) {
          throw new ControlError(
            400,
            `operation: "${body.operation}" is not a Direct Connect, STS or Organizations operation`,
          );
        }
        return reply(res, 201, emulator.faults.add(body));
      }
      case "DELETE /_dxmap/faults":
        emulator.faults.clear();
        return reply(res, 200, { faults: [] });
      case "GET /_dxmap/calls": {
        const filter = (key: "operation" | "account" | "region") => url.searchParams.get(key);
        const limit = parse(callsLimit, url.searchParams.get("limit") ?? undefined);
        // Calls are logged by alias; accept an account id too, as the fault rules do.
        const account = filter("account");
        const alias = account ? emulator.accountById(account).alias : account;
        const calls = emulator.calls.filter(
          (c) =>
            (!filter("operation") || c.operation === filter("operation")) &&
            (!alias || c.account === alias) &&
            (!filter("region") || c.region === filter("region")),
        );
        const byOperation: Record<string, number> = {};
        for (const c of calls) byOperation[c.operation] = (byOperation[c.operation] ?? 0) + 1;
        return reply(res, 200, {
          total: calls.length,
          byOperation,
          calls: limit === 0 ? [] : calls.slice(-limit),
        });
      }
      case "GET /_dxmap/calls/rates": {
        const { service, account } = parse(ratesQuery, {
          service: url.searchParams.get("service") ?? undefined,
          account: url.searchParams.get("account") ?? undefined,
        });
        // Calls are logged by alias; accept an account id too.
        return reply(
          res,
          200,
          emulator.rates.rates(service, account ? emulator.accountById(account).alias : undefined),
        );
      }
      case "DELETE /_dxmap/calls":
        emulator.clearCalls();
        return reply(res, 200, { total: 0 });
      case "GET /_dxmap/organization":
        return reply(res, 200, organizationView(emulator));
      case "POST /_dxmap/organization/accounts": {
        const body = parse(memberBody, await readJson(req));
        const { role, delegatedAdministrator, ...member } = body;
        const added = await changeOrganization(emulator, () => {
          const result = addMemberAccount(emulator.state, {
            ...member,
            accountId: member.accountId ?? freeAccountId(emulator),
            joinedAt: emulator.now(),
            ...(role === false
              ? { role: false as const }
              : role
                ? {
                    role: {
                      ...(role.roleName !== undefined ? { roleName: role.roleName } : {}),
                      ...(role.trust !== undefined ? { trust: role.trust } : {}),
                      ...(typeof role.externalId === "string"
                        ? { externalId: role.externalId }
                        : {}),
                      ...(role.maxSessionDuration !== undefined
                        ? { maxSessionDuration: role.maxSessionDuration }
                        : {}),
                    },
                  }
                : {}),
          });
          if (delegatedAdministrator)
            setDelegatedAdministrator(emulator.state, result.account.id, true);
          return result;
        });
        return reply(res, 201, {
          accountId: added.account.id,
          name: added.account.name,
          parentId: added.account.parentId,
          ...(added.role ? { role: added.role } : {}),
        });
      }
      case "POST /_dxmap/organization/accounts/close": {
        const body = parse(accountBody, await readJson(req));
        await changeOrganization(emulator, () =>
          closeAccount(emulator.state, body.accountId, emulator.now()),
        );
        return reply(res, 200, organizationView(emulator));
      }
      case "POST /_dxmap/organization/accounts/remove": {
        const body = parse(accountBody, await readJson(req));
        await changeOrganization(emulator, () => removeAccount(emulator.state, body.accountId));
        return reply(res, 200, organizationView(emulator));
      }
      case "POST /_dxmap/organization/units": {
        const body = parse(unitBody, await readJson(req));
        const unit = await changeOrganization(emulator, () =>
          addOrganizationalUnit(emulator.state, body),
        );
        return reply(res, 201, unit);
      }
      case "POST /_dxmap/organization/delegated-administrators": {
        const body = parse(delegatedBody, await readJson(req));
        await changeOrganization(emulator, () =>
          setDelegatedAdministrator(emulator.state, body.accountId, body.delegated),
        );
        return reply(res, 200, organizationView(emulator));
      }
      case "GET /_dxmap/roles": {
        const only = url.searchParams.get("accountId");
        const roles = Object.entries(emulator.state.roles)
          .filter(([, r]) => !only || r.accountId === only)
          .map(([arn, r]) => ({ arn, ...r }));
        return reply(res, 200, { roles });
      }
      case "POST /_dxmap/roles": {
        const body = parse(roleBody, await readJson(req));
        const role = await changeOrganization(emulator, () => {
          // What is not given stays as it was; `externalId: null` removes the external id.
          const existing = findRole(emulator.state, body.accountId, body.roleName);
          if (!existing && body.trust === undefined)
            throw new OrganizationInputError(
              `trust: required for a new role (${body.roleName} is not in ${body.accountId})`,
            );
          const externalId =
            body.externalId === null ? undefined : (body.externalId ?? existing?.externalId);
          const maxSessionDuration = body.maxSessionDuration ?? existing?.maxSessionDuration;
          return putRole(emulator.state, {
            accountId: body.accountId,
            roleName: body.roleName,
            trust: body.trust ?? existing!.trust,
            ...(externalId !== undefined ? { externalId } : {}),
            ...(maxSessionDuration !== undefined ? { maxSessionDuration } : {}),
          });
        });
        return reply(res, 200, role);
      }
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
