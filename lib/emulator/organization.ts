/**
 * The organization and the IAM roles in the emulator's state, and the functions that build them:
 * seeds, the control API and tests (and a larger estate built on top) add accounts, units and roles
 * through these alone. Each checks its input and throws an `OrganizationInputError` before changing
 * anything.
 *
 * Ids are shaped as AWS's (`o-` and 10 of [a-z0-9], `r-` and 4, `ou-<root's 4>-<8>`) and drawn from
 * the organization's own names, so a seed gives the same ids every time and adding an account
 * moves no other id.
 */
import type {
  AccountJoinedMethod,
  AccountState,
  AccountStatus,
} from "@aws-sdk/client-organizations";
import { roleArn, stableId } from "./identity";
import { hashSeed, seededRandom } from "./ids";
import type {
  EmulatorState,
  OrganizationAccountRecord,
  OrganizationalUnitRecord,
  OrganizationRecord,
  RoleRecord,
} from "./state";

/** The role the seeds put in every account of the organization, trusting the management account. */
export const READ_ROLE_NAME = "dxmap-read";

/** AWS's default MaxSessionDuration for a role, and the largest it allows. */
export const DEFAULT_MAX_SESSION_SECONDS = 3600;
export const MAX_SESSION_SECONDS = 43_200;

/** A closed account stays in the organization, suspended, for 90 days; then it is gone. */
export const CLOSED_ACCOUNT_RETENTION_MS = 90 * 86_400_000;

/** Refused input: nothing was changed. */
export class OrganizationInputError extends Error {}

const fail = (message: string): never => {
  throw new OrganizationInputError(message);
};

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

function drawn(name: string, n: number): string {
  const random = seededRandom(hashSeed(name));
  let id = "";
  for (let i = 0; i < n; i += 1) id += LOWER_ALNUM[Math.floor(random.next() * LOWER_ALNUM.length)];
  return id;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** A principal of a trust policy: an account id, its root, a user, a role or an assumed-role session. */
const TRUSTED =
  /^(\d{12}|arn:aws:iam::\d{12}:(root|user\/[\w+=,.@/-]{1,512}|role\/[\w+=,.@/-]{1,512})|arn:aws:sts::\d{12}:assumed-role\/[\w+=,.@-]{1,64}\/[\w+=,.@-]{2,64})$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface RoleSpec {
  accountId: string;
  roleName: string;
  /** Account ids or ARNs (see RoleRecord.trust). */
  trust: readonly string[];
  externalId?: string;
  maxSessionDuration?: number;
}

/** Creates the role, or replaces what an existing one trusts and asks for. Returns it. */
export function putRole(state: EmulatorState, spec: RoleSpec): RoleRecord {
  if (!ACCOUNT_ID.test(spec.accountId)) fail(`accountId: ${spec.accountId} is not 12 digits`);
  if (!ROLE_NAME.test(spec.roleName))
    fail(`roleName: ${spec.roleName} is not 1 to 64 of [A-Za-z0-9+=,.@_-]`);
  for (const principal of spec.trust) {
    if (!TRUSTED.test(principal))
      fail(
        `trust: ${principal} is not an account id, nor an IAM user's, role's or assumed-role session's ARN`,
      );
  }
  if (spec.externalId !== undefined && !EXTERNAL_ID.test(spec.externalId))
    fail("externalId: 2 to 1224 of [A-Za-z0-9+=,.@:/_-]");
  const max = spec.maxSessionDuration;
  if (
    max !== undefined &&
    (!Number.isInteger(max) || max < DEFAULT_MAX_SESSION_SECONDS || max > MAX_SESSION_SECONDS)
  )
    fail(
      `maxSessionDuration: ${max} is not a whole number of seconds from ${DEFAULT_MAX_SESSION_SECONDS} to ${MAX_SESSION_SECONDS}`,
    );
  const arn = roleArn(spec.accountId, spec.roleName);
  const existing = state.roles[arn];
  const role: RoleRecord = {
    accountId: spec.accountId,
    roleName: spec.roleName,
    roleId: existing?.roleId ?? stableId("AROA", arn),
    trust: [...spec.trust],
    ...(spec.externalId !== undefined ? { externalId: spec.externalId } : {}),
    maxSessionDuration: max ?? existing?.maxSessionDuration ?? DEFAULT_MAX_SESSION_SECONDS,
  };
  state.roles[arn] = role;
  return role;
}

/** The role `arn:aws:iam::<accountId>:role/<roleName>`, if the state has it. */
export const findRole = (state: EmulatorState, accountId: string, roleName: string) =>
  state.roles[roleArn(accountId, roleName)];

export interface OrganizationSpec {
  managementAccountId: string;
  managementName: string;
  managementEmail?: string;
  /** Emulator ms. */
  now: number;
}

const defaultEmail = (accountId: string) => `aws+${accountId}@example.com`;

/** Creates the state's organization with its management account (there is at most one). */
export function createOrganization(
  state: EmulatorState,
  spec: OrganizationSpec,
): OrganizationRecord {
  if (state.organization) fail(`There is already an organization, ${state.organization.id}`);
  if (!ACCOUNT_ID.test(spec.managementAccountId))
    fail(`managementAccountId: ${spec.managementAccountId} is not 12 digits`);
  const email = spec.managementEmail ?? defaultEmail(spec.managementAccountId);
  checkAccountFields(spec.managementName, email);
  const id = `o-${drawn(`organization/${state.seed}/${spec.managementAccountId}`, 10)}`;
  const rootId = `r-${drawn(`${id}/root`, 4)}`;
  const organization: OrganizationRecord = {
    id,
    managementAccountId: spec.managementAccountId,
    rootId,
    createdAt: spec.now,
    units: {},
    accounts: {
      // JoinedMethod INVITED (emulator choice): it was an account before the organization was, and
      // the organization did not create it.
      [spec.managementAccountId]: {
        id: spec.managementAccountId,
        name: spec.managementName,
        email,
        parentId: rootId,
        joinedMethod: "INVITED",
        joinedAt: spec.now,
      },
    },
    delegatedAdministrators: [],
  };
  state.organization = organization;
  return organization;
}

function checkAccountFields(name: string, email: string) {
  if (name.length < 1 || name.length > 128) fail(`name: 1 to 128 characters`);
  if (email.length < 6 || email.length > 64 || !EMAIL.test(email))
    fail(`email: ${email} is not an email address of 6 to 64 characters`);
}

function organizationOf(state: EmulatorState): OrganizationRecord {
  return state.organization ?? fail("There is no organization");
}

function checkParent(organization: OrganizationRecord, parentId: string) {
  if (parentId !== organization.rootId && !organization.units[parentId])
    fail(`parentId: ${parentId} is neither the root (${organization.rootId}) nor a unit's id`);
}

/** Adds an organizational unit under the root (default) or another unit. */
export function addOrganizationalUnit(
  state: EmulatorState,
  spec: { name: string; parentId?: string },
): OrganizationalUnitRecord {
  const organization = organizationOf(state);
  const parentId = spec.parentId ?? organization.rootId;
  checkParent(organization, parentId);
  if (spec.name.length < 1 || spec.name.length > 128) fail("name: 1 to 128 characters");
  if (
    Object.values(organization.units).some((u) => u.parentId === parentId && u.name === spec.name)
  )
    fail(`name: ${parentId} already has a unit named ${spec.name}`);
  const rootPart = organization.rootId.slice(2);
  let id = "";
  for (let attempt = 0; !id || organization.units[id]; attempt += 1)
    id = `ou-${rootPart}-${drawn(`${organization.id}/${parentId}/${spec.name}/${attempt}`, 8)}`;
  const unit = { id, name: spec.name, parentId };
  organization.units[id] = unit;
  return unit;
}

export interface MemberSpec {
  accountId: string;
  name: string;
  email?: string;
  /** The root (default) or a unit. */
  parentId?: string;
  joinedMethod?: AccountJoinedMethod;
  /** Emulator ms. */
  joinedAt: number;
  /**
   * The role to put in the new account: by default `dxmap-read` trusting the management account;
   * false for none.
   */
  role?: Partial<Omit<RoleSpec, "accountId">> | false;
}

/** Adds a member account to the organization, and (unless told not to) its read role. */
export function addMemberAccount(
  state: EmulatorState,
  spec: MemberSpec,
): { account: OrganizationAccountRecord; role?: RoleRecord } {
  const organization = organizationOf(state);
  if (!ACCOUNT_ID.test(spec.accountId)) fail(`accountId: ${spec.accountId} is not 12 digits`);
  if (organization.accounts[spec.accountId])
    fail(`accountId: ${spec.accountId} is already in ${organization.id}`);
  const parentId = spec.parentId ?? organization.rootId;
  checkParent(organization, parentId);
  const email = spec.email ?? defaultEmail(spec.accountId);
  checkAccountFields(spec.name, email);
  const account: OrganizationAccountRecord = {
    id: spec.accountId,
    name: spec.name,
    email,
    parentId,
    joinedMethod: spec.joinedMethod ?? "CREATED",
    joinedAt: spec.joinedAt,
  };
  let role: RoleRecord | undefined;
  if (spec.role !== false) {
    // Checked (and made) before the account is added, so that a refused role changes nothing.
    role = putRole(state, {
      accountId: spec.accountId,
      roleName: spec.role?.roleName ?? READ_ROLE_NAME,
      trust: spec.role?.trust ?? [organization.managementAccountId],
      ...(spec.role?.externalId !== undefined ? { externalId: spec.role.externalId } : {}),
      ...(spec.role?.maxSessionDuration !== undefined
        ? { maxSessionDuration: spec.role.maxSessionDuration }
        : {}),
    });
  }
  organization.accounts[spec.accountId] = account;
  return role ? { account, role } : { account };
}

function memberOf(organization: OrganizationRecord, accountId: string): OrganizationAccountRecord {
  const account = organization.accounts[accountId];
  if (!account) return fail(`accountId: ${accountId} is not in ${organization.id}`);
  if (accountId === organization.managementAccountId)
    fail(`accountId: ${accountId} is the management account, which can neither close nor leave`);
  return account;
}

/** Closes a member account (CloseAccount): pending closure, then suspended for 90 days, then gone. */
export function closeAccount(state: EmulatorState, accountId: string, now: number) {
  const account = memberOf(organizationOf(state), accountId);
  if (account.closedAt !== undefined) fail(`accountId: ${accountId} is already closed`);
  account.closedAt = now;
  return account;
}

/** Removes a member account from the organization at once (RemoveAccountFromOrganization); its roles stay. */
export function removeAccount(state: EmulatorState, accountId: string) {
  const organization = organizationOf(state);
  const account = memberOf(organization, accountId);
  delete organization.accounts[accountId];
  organization.delegatedAdministrators = organization.delegatedAdministrators.filter(
    (id) => id !== accountId,
  );
  return account;
}

/** Registers (or deregisters) a member account as a delegated administrator. */
export function setDelegatedAdministrator(
  state: EmulatorState,
  accountId: string,
  delegated: boolean,
) {
  const organization = organizationOf(state);
  memberOf(organization, accountId);
  const others = organization.delegatedAdministrators.filter((id) => id !== accountId);
  organization.delegatedAdministrators = delegated ? [...others, accountId] : others;
}

export interface AccountStanding {
  status: AccountStatus;
  state: AccountState;
}

/**
 * Where a closed account is in its closing at `now`: PENDING_CLOSURE for one transition, then
 * SUSPENDED (Status) and CLOSED (State, its newer field) for 90 days; undefined once it is gone.
 */
export function standing(
  account: OrganizationAccountRecord,
  now: number,
  transitionMs: number,
): AccountStanding | undefined {
  if (account.closedAt === undefined) return { status: "ACTIVE", state: "ACTIVE" };
  if (now < account.closedAt + transitionMs)
    return { status: "PENDING_CLOSURE", state: "PENDING_CLOSURE" };
  if (now < account.closedAt + CLOSED_ACCOUNT_RETENTION_MS)
    return { status: "SUSPENDED", state: "CLOSED" };
  return undefined;
}

/** The organization's accounts still listed at `now` (a closed one for 90 days). */
export function listedAccounts(
  organization: OrganizationRecord,
  now: number,
  transitionMs: number,
): OrganizationAccountRecord[] {
  return Object.values(organization.accounts).filter(
    (a) => standing(a, now, transitionMs) !== undefined,
  );
}

/** Whether `accountId` may act as a member of the organization at `now` (an active account in it). */
export function isActiveMember(
  organization: OrganizationRecord,
  accountId: string,
  now: number,
  transitionMs: number,
): boolean {
  const account = organization.accounts[accountId];
  return account !== undefined && standing(account, now, transitionMs)?.status === "ACTIVE";
}
