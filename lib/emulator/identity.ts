/**
 * Who signed a request: a principal, and the account it acts in. Long-term keys belong to an IAM
 * user named `dxmap` in their account (emulator choice: the keys of the seeded accounts are AWS's
 * documentation examples, which name no user); temporary credentials from AssumeRole belong to an
 * assumed-role session, `arn:aws:sts::<account>:assumed-role/<role>/<session>`, and act in the role's
 * account.
 *
 * Sessions are kept in memory only, as AWS keeps no list of the credentials it issued that anyone
 * could read back: a restart of the emulator forgets them, and their holders are refused as holders
 * of an unknown key are. Expired ones are dropped as new ones are issued, and at most MAX_SESSIONS
 * are kept (the oldest go first), so that a dashboard assuming a role in each of hundreds of
 * accounts every few minutes keeps the emulator small.
 */
import { randomBytes } from "node:crypto";
import type { Account } from "./context";
import { hashSeed, seededRandom } from "./ids";
import type { RoleRecord } from "./state";

/** The IAM user the long-term keys of every account belong to. */
export const IAM_USER_NAME = "dxmap";

/** Sessions kept at once; past that the oldest are dropped. */
export const MAX_SESSIONS = 10_000;

export interface Session {
  /** ASIA and 16 of [A-Z0-9], as AWS's temporary access keys. */
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Emulator time (ms) at which the credentials stop working. */
  expiresAt: number;
  accountId: string;
  roleArn: string;
  roleName: string;
  roleId: string;
  sessionName: string;
}

export interface Principal {
  /** The account it acts in: its own for an IAM user, the role's for a session. */
  account: Account;
  arn: string;
  /** GetCallerIdentity's UserId: the user's id (AIDA…), or `<role id>:<session name>`. */
  userId: string;
  session?: Session;
}

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** `prefix` and `n` of [A-Z0-9] drawn from `name`: the same name always gives the same id. */
export function stableId(prefix: string, name: string, n = 17): string {
  const random = seededRandom(hashSeed(name));
  let id = prefix;
  for (let i = 0; i < n; i += 1) id += UPPER_ALNUM[Math.floor(random.next() * UPPER_ALNUM.length)];
  return id;
}

const randomFrom = (alphabet: string, n: number) =>
  Array.from(randomBytes(n), (byte) => alphabet[byte % alphabet.length]).join("");

export const userArn = (accountId: string) => `arn:aws:iam::${accountId}:user/${IAM_USER_NAME}`;

export const roleArn = (accountId: string, roleName: string) =>
  `arn:aws:iam::${accountId}:role/${roleName}`;

export function userPrincipal(account: Account): Principal {
  return {
    account,
    arn: userArn(account.accountId),
    userId: stableId("AIDA", `user/${account.accountId}/${IAM_USER_NAME}`),
  };
}

export function sessionPrincipal(session: Session, account: Account): Principal {
  return {
    account,
    arn: `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
    userId: `${session.roleId}:${session.sessionName}`,
    session,
  };
}

/** The temporary credentials issued and not yet forgotten. */
export class Sessions {
  private byKey = new Map<string, Session>();

  get size(): number {
    return this.byKey.size;
  }

  get(accessKeyId: string): Session | undefined {
    return this.byKey.get(accessKeyId);
  }

  /** New credentials for `role`, valid for `durationSeconds` from `now` (emulator ms). */
  issue(role: RoleRecord, sessionName: string, durationSeconds: number, now: number): Session {
    this.forget(now);
    const session: Session = {
      accessKeyId: `ASIA${randomFrom(UPPER_ALNUM, 16)}`,
      secretAccessKey: randomBytes(30).toString("base64"),
      // AWS's tokens are long opaque base64; the emulator's only need to be unguessable.
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(192).toString("base64")}`,
      expiresAt: now + durationSeconds * 1000,
      accountId: role.accountId,
      roleArn: roleArn(role.accountId, role.roleName),
      roleName: role.roleName,
      roleId: role.roleId,
      sessionName,
    };
    this.byKey.set(session.accessKeyId, session);
    return session;
  }

  /** Drops expired sessions, and the oldest while there are too many (a Map keeps insertion order). */
  private forget(now: number): void {
    for (const [key, session] of this.byKey) if (session.expiresAt <= now) this.byKey.delete(key);
    for (const key of this.byKey.keys()) {
      if (this.byKey.size < MAX_SESSIONS) break;
      this.byKey.delete(key);
    }
  }

  clear(): void {
    this.byKey.clear();
  }
}
