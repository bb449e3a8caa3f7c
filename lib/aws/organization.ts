import "server-only";

import {
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  type Account,
} from "@aws-sdk/client-organizations";

import {
  assumedRole,
  getDxConfig,
  setOrganizationAccounts,
  type AccountConfig,
  type OrganizationConfig,
} from "@/lib/server/config";
import { sameItems } from "@/lib/dx/replaced";
import { fromAwsError, upstreamText } from "@/lib/server/errors";

// The accounts of an AWS organization, found with the management (or delegated administrator)
// account's credentials and read through a role assumed in each: listed when the dashboard starts
// and again every `relistMinutes`, so that new accounts appear and closed ones go without a restart.
// The SDK's endpoint settings apply (AWS_ENDPOINT_URL_ORGANIZATIONS, AWS_ENDPOINT_URL_STS): the
// integration tests point them at the emulator.

/** What the last listing found, and why it failed if it did (its accounts are then kept). */
export interface OrganizationListing {
  at: string;
  accounts: readonly AccountConfig[];
  /** The listing failed: AWS's reason. The accounts of the listing before are kept. */
  error?: string;
}

/**
 * A readable, unique alias from an account's name: lowercase letters, digits and dashes, as aliases
 * are; the account id's last four digits added when two names make the same one (and the whole id
 * when that is taken too, or when the name leaves nothing).
 */
export function aliasFor(name: string | undefined, accountId: string, taken: Set<string>): string {
  const base = (name ?? "")
    // Accents dropped, not turned into dashes: "Été" is "ete".
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/, "");
  for (const candidate of base
    ? [base, `${base}-${accountId.slice(-4)}`, `${base}-${accountId}`]
    : [`account-${accountId}`]) {
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
  const last = `account-${accountId}`;
  taken.add(last);
  return last;
}

async function unitsUnder(client: OrganizationsClient, parent: string): Promise<string[]> {
  const units = [parent];
  for await (const page of paginateListOrganizationalUnitsForParent(
    { client },
    { ParentId: parent },
  ))
    for (const unit of page.OrganizationalUnits ?? [])
      if (unit.Id) units.push(...(await unitsUnder(client, unit.Id)));
  return units;
}

/** The organization's active accounts that the configuration takes, in the order AWS lists them. */
export async function listOrganizationAccounts(
  org: OrganizationConfig,
  client = new OrganizationsClient({
    region: org.region,
    credentials: org.credentials,
    ...(org.endpoint ? { endpoint: org.endpoint } : {}),
  }),
): Promise<Account[]> {
  const found: Account[] = [];
  if (org.organizationalUnits) {
    const seen = new Set<string>();
    for (const root of org.organizationalUnits)
      for (const unit of await unitsUnder(client, root))
        for await (const page of paginateListAccountsForParent({ client }, { ParentId: unit }))
          for (const a of page.Accounts ?? [])
            if (a.Id && !seen.has(a.Id)) {
              seen.add(a.Id);
              found.push(a);
            }
  } else {
    for await (const page of paginateListAccounts({ client }, {}))
      found.push(...(page.Accounts ?? []));
  }
  const only = org.accountIds ? new Set(org.accountIds) : undefined;
  const excluded = new Set(org.excludeAccountIds);
  return found.filter(
    (a) =>
      a.Id &&
      // Suspended (closed) accounts and those on their way out are not read.
      (a.State ?? a.Status) === "ACTIVE" &&
      (!only || only.has(a.Id)) &&
      !excluded.has(a.Id),
  );
}

/** The accounts to read, each through the role assumed in it, by alias. */
export function organizationAccounts(
  org: OrganizationConfig,
  accounts: readonly Account[],
  listed: readonly AccountConfig[],
  before: readonly AccountConfig[] = [],
): AccountConfig[] {
  const taken = new Set(listed.map((a) => a.alias));
  const listedIds = new Set(listed.map((a) => a.accountId));
  // An account keeps its alias (and its cached credentials) from one listing to the next.
  const kept = new Map(before.map((a) => [a.accountId, a]));
  for (const a of before) taken.add(a.alias);
  const result: AccountConfig[] = [];
  for (const account of accounts) {
    const id = account.Id!;
    if (listedIds.has(id)) continue; // configured by hand: that entry wins
    const previous = kept.get(id);
    if (previous) {
      result.push(previous);
      continue;
    }
    const partition = /^arn:(aws[a-z-]*):/.exec(account.Arn ?? "")?.[1] ?? "aws";
    result.push({
      alias: aliasFor(account.Name, id, taken),
      accountId: id,
      credentials: assumedRole({
        roleArn: `arn:${partition}:iam::${id}:role/${org.roleName}`,
        sessionName: org.sessionName,
        ...(org.externalId ? { externalId: org.externalId } : {}),
        source: org.credentials,
        stsRegion: org.region,
        ...(org.endpoint ? { stsEndpoint: org.endpoint } : {}),
      }),
    });
  }
  // In the order of their names, whatever order the organization lists them in.
  return result.sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
}

const KEY = Symbol.for("dxmap.organization");
type Holder = {
  [KEY]?: { timer?: NodeJS.Timeout; last?: OrganizationListing; running?: Promise<void> };
};
const state = () => ((globalThis as Holder)[KEY] ??= {});

/** Lists the organization now and makes its accounts the configuration's. */
export async function relistOrganization(): Promise<OrganizationListing | undefined> {
  const config = getDxConfig();
  const org = config.organization;
  if (!org) return undefined;
  const s = state();
  const before = s.last?.accounts ?? [];
  try {
    const listed = organizationAccounts(
      org,
      await listOrganizationAccounts(org),
      config.listedAccounts,
      before,
    );
    // The same list while the organization is: what a read keeps is keyed by the list of accounts
    // (lib/aws/topology.ts), and a new one every ten minutes would map the whole estate again.
    const accounts = sameItems(listed, before) ? before : listed;
    setOrganizationAccounts(accounts);
    s.last = { at: new Date().toISOString(), accounts };
  } catch (error) {
    const mapped = fromAwsError(error, "organizations");
    const message = mapped instanceof Error ? mapped.message : upstreamText(error);
    console.warn(`[dxmap] organization: listing the accounts failed: ${upstreamText(error)}`);
    s.last = { at: new Date().toISOString(), accounts: before, error: message };
  }
  return s.last;
}

/** The last listing, if there is an organization and it was listed. */
export function lastOrganizationListing(): OrganizationListing | undefined {
  return state().last;
}

/**
 * Lists the organization once (awaited: the first read needs its accounts) and then every
 * `relistMinutes`. Nothing to do without an organization.
 */
export async function startOrganizationListing(): Promise<void> {
  const org = getDxConfig().organization;
  if (!org) return;
  const s = state();
  if (s.running) return s.running;
  s.running = relistOrganization().then(() => {
    s.timer = setInterval(() => void relistOrganization(), org.relistMs);
    s.timer.unref();
  });
  return s.running;
}

/** Stops relisting (tests; a reload of the configuration). */
export function stopOrganizationListing(): void {
  const s = state();
  clearInterval(s.timer);
  delete (globalThis as Holder)[KEY];
  setOrganizationAccounts(undefined);
}
