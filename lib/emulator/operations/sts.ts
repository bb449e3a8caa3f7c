/**
 * STS: AssumeRole and GetCallerIdentity, typed with the SDK's own shapes. The query protocol around
 * them (form bodies, XML answers and errors) is query.ts's.
 *
 * AssumeRole decides as IAM does for a caller whose own policies allow sts:AssumeRole: the role must
 * exist, trust the caller (its account, or its user's, role's or session's ARN), and get the external
 * id its trust policy asks for. Any of these missing is one and the same AccessDenied, so that a
 * caller cannot tell a role that does not exist from one that does not trust it, as with AWS.
 * Session policies, tags, source identity and MFA are checked against the model and then not applied.
 */
import type {
  AssumeRoleRequest,
  AssumeRoleResponse,
  GetCallerIdentityResponse,
} from "@aws-sdk/client-sts";
import { AwsError } from "../errors";
import type { Principal, Sessions } from "../identity";
import { isActiveMember } from "../organization";
import type { EmulatorState, RoleRecord } from "../state";

export interface StsContext {
  state: EmulatorState;
  principal: Principal;
  /** Emulator ms. */
  now: number;
  transitionMs: number;
  sessions: Sessions;
}

/** STS's errors, in the query protocol's terms: a code, and whether the sender or AWS is at fault. */
export const accessDenied = (message: string) => new AwsError("AccessDenied", message, 403);
export const validationError = (message: string) => new AwsError("ValidationError", message, 400);

const DEFAULT_DURATION_SECONDS = 3600;
/** "Role chaining limits your … role session to a maximum of one hour." (IAM User Guide) */
const CHAINED_MAX_SECONDS = 3600;

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** Whether the role's trust policy names the caller: its account, or its own ARN. */
function trusts(role: RoleRecord, principal: Principal): boolean {
  const account = principal.account.accountId;
  const own = new Set([account, `arn:aws:iam::${account}:root`, principal.arn]);
  // A session is trusted through its role too: a trust policy names the role, not each session.
  if (principal.session) own.add(principal.session.roleArn);
  return role.trust.some((p) => own.has(p));
}

export function assumeRole(input: AssumeRoleRequest, ctx: StsContext): AssumeRoleResponse {
  const { principal } = ctx;
  const arn = input.RoleArn!;
  const match = ROLE_ARN.exec(arn);
  // AWS's answer to an ARN that names no IAM role ("arn:aws:s3:::bucket", "not-an-arn-at-all").
  if (!match) throw validationError("Request ARN is invalid");
  const [, accountId, roleName] = match as unknown as [string, string, string];
  const role = ctx.state.roles[`arn:aws:iam::${accountId}:role/${roleName}`];
  const organization = ctx.state.organization;
  // A closed account's roles can no longer be assumed (emulator choice: AWS suspends the account).
  const closed =
    organization?.accounts[accountId] !== undefined &&
    !isActiveMember(organization, accountId, ctx.now, ctx.transitionMs);
  if (
    !role ||
    closed ||
    !trusts(role, principal) ||
    (role.externalId !== undefined && input.ExternalId !== role.externalId)
  ) {
    throw accessDenied(
      `User: ${principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    );
  }
  const duration = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (principal.session && duration > CHAINED_MAX_SECONDS) {
    throw validationError(
      "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    );
  }
  if (duration > role.maxSessionDuration) {
    throw validationError(
      "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    );
  }
  const session = ctx.sessions.issue(role, input.RoleSessionName!, duration, ctx.now);
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: new Date(session.expiresAt),
    },
    AssumedRoleUser: {
      AssumedRoleId: `${role.roleId}:${session.sessionName}`,
      Arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.roleName}/${session.sessionName}`,
    },
    ...(input.SourceIdentity !== undefined ? { SourceIdentity: input.SourceIdentity } : {}),
  };
}

export function getCallerIdentity(
  _input: Record<string, never>,
  ctx: StsContext,
): GetCallerIdentityResponse {
  return {
    UserId: ctx.principal.userId,
    Account: ctx.principal.account.accountId,
    Arn: ctx.principal.arn,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const stsHandlers: Record<string, (input: any, ctx: StsContext) => unknown> = {
  AssumeRole: assumeRole,
  GetCallerIdentity: getCallerIdentity,
};
