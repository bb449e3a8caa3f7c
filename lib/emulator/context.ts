/** What every operation handler receives: the caller (from the SigV4 credential), its region, and the store. */
import type { Ids } from "./ids";
import type { EmulatorState } from "./state";

export interface Account {
  alias: string;
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Public ASNs this account may use on public interfaces (private ASNs are always allowed). */
  publicAsns?: number[];
}

export interface Context {
  state: EmulatorState;
  account: Account;
  accounts: readonly Account[];
  region: string;
  /** Emulator time in milliseconds (wall clock plus the control API's offset). */
  now: number;
  transitionMs: number;
  ids: Ids;
}

export type Handler<I, O> = (input: I, ctx: Context) => O;
