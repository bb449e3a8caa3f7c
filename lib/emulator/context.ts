/** What every operation handler receives: the caller (from the SigV4 credential), its region, and the store. */
import type { Ids } from "./ids";
import type { StateIndex } from "./state-index";
import type { EmulatorState } from "./state";

/**
 * An AWS account the emulator knows. Accounts with keys are reached with them (an IAM user, `dxmap`,
 * in that account); an account without keys (a member of the organization) only through a role
 * assumed into it.
 */
export interface Account {
  alias: string;
  accountId: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Public ASNs this account may use on public interfaces (private ASNs are always allowed). */
  publicAsns?: number[];
}

/** An account with long-term keys, signed for as its IAM user. */
export type KeyedAccount = Account & { accessKeyId: string; secretAccessKey: string };

export const hasKeys = (account: Account): account is KeyedAccount =>
  account.accessKeyId !== undefined && account.secretAccessKey !== undefined;

export interface Context {
  state: EmulatorState;
  account: Account;
  accounts: readonly Account[];
  region: string;
  /** Emulator time in milliseconds (wall clock plus the control API's offset). */
  now: number;
  transitionMs: number;
  ids: Ids;
  /** The state's records by account and region, as it is when the operation starts (state-index.ts). */
  index: StateIndex;
}

export type Handler<I, O> = (input: I, ctx: Context) => O;
