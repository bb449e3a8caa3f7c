/**
 * Organizations: what a dashboard needs to find an organization's accounts and filter them by
 * organizational unit — ListAccounts, ListAccountsForParent, ListRoots,
 * ListOrganizationalUnitsForParent and DescribeOrganization — typed with the SDK's own shapes.
 *
 * Who may call: "You can only call this operation from the management account or a member account
 * that is a delegated administrator" (every List* here); DescribeOrganization "can be called from any
 * account in the organization". An account in no organization gets AWSOrganizationsNotInUseException.
 *
 * Listings are in account (or unit) id order, MaxResults 1..20 (20 when not given, emulator choice),
 * and a NextToken is opaque: it names the listing it belongs to and where the next page starts, so
 * accounts added or removed between pages neither repeat nor skip the others.
 */
import type {
  Account as OrgAccount,
  DescribeOrganizationResponse,
  ListAccountsForParentRequest,
  ListAccountsForParentResponse,
  ListAccountsRequest,
  ListAccountsResponse,
  ListOrganizationalUnitsForParentRequest,
  ListOrganizationalUnitsForParentResponse,
  ListRootsRequest,
  ListRootsResponse,
  OrganizationalUnit,
} from "@aws-sdk/client-organizations";
import { AwsError } from "../errors";
import type { Principal } from "../identity";
import { isActiveMember, listedAccounts, standing } from "../organization";
import type {
  EmulatorState,
  OrganizationAccountRecord,
  OrganizationalUnitRecord,
  OrganizationRecord,
} from "../state";

export interface OrganizationsContext {
  state: EmulatorState;
  principal: Principal;
  /** Emulator ms. */
  now: number;
  transitionMs: number;
}

/** Organizations' errors carry `Message` (and InvalidInputException a `Reason`), as its model says. */
export class OrganizationsError extends AwsError {
  constructor(
    type: string,
    message: string,
    status = 400,
    readonly reason?: string,
  ) {
    super(type, message, status);
  }
}

const notInUse = () =>
  new OrganizationsError(
    "AWSOrganizationsNotInUseException",
    "Your account is not a member of an organization.",
  );
const accessDenied = () =>
  new OrganizationsError(
    "AccessDeniedException",
    "You don't have permissions to access this resource.",
  );
const parentNotFound = () =>
  new OrganizationsError(
    "ParentNotFoundException",
    "We can't find a root or OU with the ParentId that you specified.",
  );
const invalidNextToken = () =>
  new OrganizationsError(
    "InvalidInputException",
    "You specified an invalid value for nextToken.",
    400,
    "INVALID_NEXT_TOKEN",
  );

const DEFAULT_PAGE = 20;

/** The caller's organization, if the caller may use it: `listing` asks for the management account or a delegated administrator. */
function organizationFor(ctx: OrganizationsContext, listing: boolean): OrganizationRecord {
  const organization = ctx.state.organization;
  const accountId = ctx.principal.account.accountId;
  if (!organization || !isActiveMember(organization, accountId, ctx.now, ctx.transitionMs))
    throw notInUse();
  if (
    listing &&
    accountId !== organization.managementAccountId &&
    !organization.delegatedAdministrators.includes(accountId)
  )
    throw accessDenied();
  return organization;
}

const arnOf = (organization: OrganizationRecord, kind: string, id: string) =>
  `arn:aws:organizations::${organization.managementAccountId}:${kind}/${organization.id}/${id}`;

/** `o-…/r-…/ou-…/` from the root down to `parentId`. */
function pathTo(organization: OrganizationRecord, parentId: string): string {
  const chain: string[] = [];
  for (let id: string | undefined = parentId; id && id !== organization.rootId;) {
    chain.unshift(id);
    id = organization.units[id]?.parentId;
  }
  return `${organization.id}/${[organization.rootId, ...chain].join("/")}/`;
}

function accountView(
  organization: OrganizationRecord,
  account: OrganizationAccountRecord,
  ctx: OrganizationsContext,
): OrgAccount {
  const { status, state } = standing(account, ctx.now, ctx.transitionMs)!;
  return {
    Id: account.id,
    Arn: arnOf(organization, "account", account.id),
    Email: account.email,
    Name: account.name,
    Status: status,
    State: state,
    Paths: [`${pathTo(organization, account.parentId)}${account.id}/`],
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: new Date(account.joinedAt),
  };
}

function unitView(organization: OrganizationRecord, unit: OrganizationalUnitRecord) {
  return {
    Id: unit.id,
    Arn: arnOf(organization, "ou", unit.id),
    Name: unit.name,
    Path: pathTo(organization, unit.id),
  } satisfies OrganizationalUnit;
}

/** One page of `items` (sorted by id) after the token's id; the token names its listing. */
function page<T extends { id: string }>(
  items: T[],
  listing: string,
  input: { NextToken?: string | undefined; MaxResults?: number | undefined },
): { items: T[]; nextToken?: string } {
  let after = "";
  if (input.NextToken !== undefined) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(input.NextToken, "base64url").toString("utf8"));
    } catch {
      throw invalidNextToken();
    }
    const token = decoded as { l?: unknown; a?: unknown };
    if (typeof token !== "object" || token === null || token.l !== listing)
      throw invalidNextToken();
    if (typeof token.a !== "string") throw invalidNextToken();
    after = token.a;
  }
  const size = input.MaxResults ?? DEFAULT_PAGE;
  const rest = items
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .filter((i) => i.id > after);
  const shown = rest.slice(0, size);
  if (rest.length <= size) return { items: shown };
  const last = shown[shown.length - 1]!.id;
  return {
    items: shown,
    nextToken: Buffer.from(JSON.stringify({ l: listing, a: last })).toString("base64url"),
  };
}

function checkParent(organization: OrganizationRecord, parentId: string) {
  if (parentId !== organization.rootId && !organization.units[parentId]) throw parentNotFound();
}

export function listAccounts(
  input: ListAccountsRequest,
  ctx: OrganizationsContext,
): ListAccountsResponse {
  const organization = organizationFor(ctx, true);
  const { items, nextToken } = page(
    listedAccounts(organization, ctx.now, ctx.transitionMs),
    "ListAccounts",
    input,
  );
  return {
    Accounts: items.map((a) => accountView(organization, a, ctx)),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

export function listAccountsForParent(
  input: ListAccountsForParentRequest,
  ctx: OrganizationsContext,
): ListAccountsForParentResponse {
  const organization = organizationFor(ctx, true);
  checkParent(organization, input.ParentId!);
  const { items, nextToken } = page(
    listedAccounts(organization, ctx.now, ctx.transitionMs).filter(
      (a) => a.parentId === input.ParentId,
    ),
    `ListAccountsForParent/${input.ParentId}`,
    input,
  );
  return {
    Accounts: items.map((a) => accountView(organization, a, ctx)),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

export function listRoots(input: ListRootsRequest, ctx: OrganizationsContext): ListRootsResponse {
  const organization = organizationFor(ctx, true);
  const { items, nextToken } = page([{ id: organization.rootId }], "ListRoots", input);
  return {
    Roots: items.map(({ id }) => ({
      Id: id,
      Arn: arnOf(organization, "root", id),
      Name: "Root",
      // Policy types are not emulated: none is enabled.
      PolicyTypes: [],
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

export function listOrganizationalUnitsForParent(
  input: ListOrganizationalUnitsForParentRequest,
  ctx: OrganizationsContext,
): ListOrganizationalUnitsForParentResponse {
  const organization = organizationFor(ctx, true);
  checkParent(organization, input.ParentId!);
  const { items, nextToken } = page(
    Object.values(organization.units).filter((u) => u.parentId === input.ParentId),
    `ListOrganizationalUnitsForParent/${input.ParentId}`,
    input,
  );
  return {
    OrganizationalUnits: items.map((u) => unitView(organization, u)),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

export function describeOrganization(
  _input: Record<string, never>,
  ctx: OrganizationsContext,
): DescribeOrganizationResponse {
  const organization = organizationFor(ctx, false);
  const management = organization.accounts[organization.managementAccountId]!;
  return {
    Organization: {
      Id: organization.id,
      Arn: `arn:aws:organizations::${organization.managementAccountId}:organization/${organization.id}`,
      FeatureSet: "ALL",
      MasterAccountArn: arnOf(organization, "account", management.id),
      MasterAccountId: management.id,
      MasterAccountEmail: management.email,
      // Deprecated in the model ("use ListRoots"); AWS answers it empty.
      AvailablePolicyTypes: [],
    },
  };
}

// Handlers are typed with the SDK's shapes above; the registry only dispatches by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OrganizationsHandler = (input: any, ctx: OrganizationsContext) => unknown;

export const organizationsHandlers: Record<string, OrganizationsHandler> = {
  ListAccounts: listAccounts,
  ListAccountsForParent: listAccountsForParent,
  ListRoots: listRoots,
  ListOrganizationalUnitsForParent: listOrganizationalUnitsForParent,
  DescribeOrganization: describeOrganization,
};
