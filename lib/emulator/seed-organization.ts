/**
 * The seeds' organizations. Every seed but `empty` has one: its management account is `network`,
 * every other account the emulator knows is a member, and each account (the management one too, so
 * that a dashboard may treat them all alike) has the role `dxmap-read`, trusting the management
 * account, with no external id.
 *
 * `ORG:<n>` is an estate for tests of organization scale: `network` manages n member accounts
 * (1..1000) that have no keys, reached only through their `dxmap-read` role, spread over units
 * (Production, with Payments under it, Development, Sandbox); the first three members own a
 * connection and a private interface each, and network allocates an interface to the first. The
 * same n gives the same ids every time.
 */
import type { Account } from "./context";
import { hashSeed, seededRandom } from "./ids";
import {
  addMemberAccount,
  addOrganizationalUnit,
  createOrganization,
  putRole,
  READ_ROLE_NAME,
} from "./organization";
import { Builder } from "./seed-builder";
import type { EmulatorState } from "./state";

/** The default seeds' management account, when the emulator knows no account aliased `network`. */
const managementOf = (accounts: readonly Account[]) =>
  accounts.find((a) => a.alias === "network") ?? accounts[0];

/**
 * Gives `state` the seeds' organization over `accounts`: `network` manages it, the others are
 * members (workload and analytics in the unit Workloads, partner in Partners, any other at the root),
 * and every account has `dxmap-read`.
 */
export function addSeedOrganization(
  state: EmulatorState,
  accounts: readonly Account[],
  now: number,
): void {
  const management = managementOf(accounts);
  if (!management) return;
  const organization = createOrganization(state, {
    managementAccountId: management.accountId,
    managementName: management.alias,
    now,
  });
  putRole(state, {
    accountId: management.accountId,
    roleName: READ_ROLE_NAME,
    trust: [management.accountId],
  });
  const workloads = addOrganizationalUnit(state, { name: "Workloads" });
  const partners = addOrganizationalUnit(state, { name: "Partners" });
  const unitOf: Record<string, string> = {
    workload: workloads.id,
    analytics: workloads.id,
    partner: partners.id,
  };
  for (const account of accounts) {
    if (account.accountId === management.accountId || organization.accounts[account.accountId])
      continue;
    addMemberAccount(state, {
      accountId: account.accountId,
      name: account.alias,
      parentId: unitOf[account.alias] ?? organization.rootId,
      joinedMethod: "INVITED",
      joinedAt: now,
    });
  }
}

const ORG_SEED = /^ORG:(\d{1,4})$/;
export const MAX_ORG_MEMBERS = 1000;

/** `ORG:25` → 25 members; undefined for other names or a count out of 1..1000. */
export function parseOrganizationSeed(seed: string): { members: number } | undefined {
  const m = ORG_SEED.exec(seed);
  const members = m ? Number(m[1]) : 0;
  return members >= 1 && members <= MAX_ORG_MEMBERS ? { members } : undefined;
}

/** The account ids of `ORG:<n>`'s members, in order: 12 digits drawn from the seed, none already known. */
export function memberAccountIds(seed: string, count: number, known: readonly string[]): string[] {
  const random = seededRandom(hashSeed(`${seed}/accounts`));
  const taken = new Set(known);
  const ids: string[] = [];
  while (ids.length < count) {
    const id = String(100_000_000_000 + Math.floor(random.next() * 899_999_999_999));
    if (taken.has(id)) continue;
    taken.add(id);
    ids.push(id);
  }
  return ids;
}

export function organizationEstate(
  seed: string,
  accounts: readonly Account[],
  now: number,
): EmulatorState {
  const parsed = parseOrganizationSeed(seed);
  if (!parsed) throw new Error(`Not an organization seed: ${seed}`);
  const management = managementOf(accounts);
  if (!management) throw new Error(`Seed ${seed} needs an account to manage the organization.`);
  const b = new Builder(seed, now);
  const state = b.state;
  createOrganization(state, {
    managementAccountId: management.accountId,
    managementName: management.alias,
    now,
  });
  putRole(state, {
    accountId: management.accountId,
    roleName: READ_ROLE_NAME,
    trust: [management.accountId],
  });
  const production = addOrganizationalUnit(state, { name: "Production" });
  const payments = addOrganizationalUnit(state, { name: "Payments", parentId: production.id });
  const development = addOrganizationalUnit(state, { name: "Development" });
  const sandbox = addOrganizationalUnit(state, { name: "Sandbox" });
  const units = [production.id, payments.id, development.id, sandbox.id];
  const ids = memberAccountIds(
    seed,
    parsed.members,
    accounts.map((a) => a.accountId),
  );
  ids.forEach((accountId, i) => {
    addMemberAccount(state, {
      accountId,
      name: `member-${String(i + 1).padStart(3, "0")}`,
      parentId: units[i % units.length]!,
      // Joined a day apart, the newest today.
      joinedAt: now - (ids.length - i) * 86_400_000,
    });
  });

  // A little Direct Connect in the first members, so that a role assumed there finds something.
  const region = "us-east-1";
  ids.slice(0, 3).forEach((member, i) => {
    const gateway = b.gateway(member, `member-${i + 1}-dxgw`, 64600 + i);
    const connection = b.connection(member, region, "EqDC2", `member-${i + 1}-eqdc2`);
    b.vif(connection, "private", `member-${i + 1}-private`, 100 + i, {
      ownerAccount: member,
      directConnectGatewayId: gateway.directConnectGatewayId,
      amazonSideAsn: gateway.amazonSideAsn,
      peers: [
        b.peer(
          "ipv4",
          65200 + i,
          region,
          `169.254.200.${i * 4 + 1}/30`,
          `169.254.200.${i * 4 + 2}/30`,
        ),
      ],
    });
  });
  const shared = b.connection(management.accountId, region, "CSVA1", "network-shared-csva1");
  b.vif(shared, "private", "member-1-allocated", 200, {
    // Allocated by network to the first member, awaiting its approval.
    ownerAccount: ids[0]!,
    state: "confirming",
    peers: [
      {
        ...b.peer("ipv4", 65300, region, "169.254.201.1/30", "169.254.201.2/30"),
        state: "pending",
      },
    ],
  });
  return state;
}
