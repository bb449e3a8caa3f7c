/**
 * The emulated services: the state, the accounts and sessions it knows, its clock, faults and call
 * log, and the answer to one authenticated AWS operation of Direct Connect, STS or Organizations.
 * The HTTP server (server.ts) and the control API (control.ts) both drive it; it knows neither.
 */
import type { KeyHolder } from "./auth";
import { CallRates } from "./call-rates";
import { applyDueSteps, emulatorNow, nextDue } from "./clock";
import { hasKeys, type Account, type Context, type KeyedAccount } from "./context";
import { AwsError, ClientError } from "./errors";
import { Faults } from "./faults";
import { Ids } from "./ids";
import { sessionPrincipal, Sessions, userPrincipal, type Principal } from "./identity";
import {
  organizationsModel,
  stsModel,
  validateInput,
  validationMessage,
  type ProblemKind,
} from "./model";
import { handlers, isReadOnly } from "./operations";
import { OrganizationsError, organizationsHandlers } from "./operations/organizations";
import { stsHandlers, validationError } from "./operations/sts";
import { Persistence } from "./persistence";
import { seedState } from "./seed";
import { addSeedOrganization } from "./seed-organization";
import type { EmulatorState } from "./state";
import { StateIndex } from "./state-index";
import { toWire } from "./wire";

export const DEFAULT_ACCOUNTS: readonly KeyedAccount[] = [
  {
    alias: "network",
    accountId: "111111111111",
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  },
  {
    alias: "workload",
    accountId: "222222222222",
    accessKeyId: "AKIAI44QH8DHBEXAMPLE",
    secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
  },
];

export interface EmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /**
   * Host names (`name` or `name:port`) answered besides loopback names and `host`; any other Host is
   * refused, which stops DNS-rebinding pages (callers.ts).
   */
  allowedHosts?: readonly string[];
  dataFile: string;
  transitionMs?: number;
  seed?: string;
  accounts?: readonly Account[];
}

export interface CallRecord {
  time: string;
  requestId: string;
  operation: string;
  account: string;
  region: string;
  status: number;
  errorType?: string;
  durationMs: number;
  /**
   * Which attempt of the client's call this was, as the AWS SDK says in its amz-sdk-request header
   * ("attempt=2; max=3"): a retried call is told apart from a new one.
   */
  attempt?: number;
}

const MAX_CALL_LOG = 10_000;
type Handler = (typeof handlers)[string];
/**
 * Read answers kept at once (pages of a listing count apart), and their bytes: a pass over an
 * organization of 200 accounts in six regions (XL) asks about 6,400 distinct questions, 80 MB of
 * answers, most of them network's listings of the interfaces on its connections. Past either limit
 * the kept answers are dropped and kept anew.
 */
const MAX_ANSWERS = 20_000;
const MAX_ANSWER_BYTES = 256 * 1024 * 1024;

/** Organizations' InvalidInputException reason for each kind of model violation. */
const INPUT_REASONS: Record<Exclude<ProblemKind, "type">, string> = {
  required: "INPUT_REQUIRED",
  enum: "INVALID_ENUM",
  minLength: "MIN_LENGTH_EXCEEDED",
  maxLength: "MAX_LENGTH_EXCEEDED",
  pattern: "INVALID_PATTERN",
  minValue: "MIN_VALUE_EXCEEDED",
  maxValue: "MAX_VALUE_EXCEEDED",
};

export class Emulator {
  state: EmulatorState;
  /** Accounts with long-term keys (options.accounts); the organization's members may have none. */
  readonly accounts: readonly Account[];
  /** Temporary credentials issued by AssumeRole, in memory only (identity.ts). */
  readonly sessions = new Sessions();
  readonly transitionMs: number;
  readonly faults = new Faults();
  calls: CallRecord[] = [];
  /** When each account's calls arrived, per service (GET /_dxmap/calls/rates). */
  readonly rates = new CallRates();
  readonly persistence: Persistence;
  private ids = new Ids();
  private ticker: NodeJS.Timeout | undefined;
  /** Nothing is due before this emulator time, unless a write changes the state (which resets it). */
  private quietUntil = 0;
  /**
   * Read answers as sent, by operation, caller, region and input, while the state is unchanged (any
   * write, clock step or control change clears them). A Describe of thousands of interfaces is
   * milliseconds of work each time; AWS does that work on its own machines, this emulator on the
   * dashboard's.
   */
  private answers = new Map<string, Buffer>();
  private answerBytes = 0;
  /** The state's records by account and region while the state is unchanged (dropped with the answers). */
  private index: StateIndex | undefined;

  constructor(readonly options: EmulatorOptions) {
    this.accounts = options.accounts ?? DEFAULT_ACCOUNTS;
    this.transitionMs = options.transitionMs ?? 3000;
    this.persistence = new Persistence(options.dataFile, () => this.state);
    this.state =
      Persistence.load(options.dataFile, (state) => {
        if (state.seed !== "empty") addSeedOrganization(state, this.accounts, emulatorNow(state));
      }) ?? this.seeded(options.seed ?? "default");
  }

  /**
   * The account with this id: one with keys, or the organization's member of that name (an
   * account known only by its id otherwise, as a role may be in any account).
   */
  accountById(accountId: string): Account {
    const keyed = this.accounts.find((a) => a.accountId === accountId);
    if (keyed) return keyed;
    const member = this.state.organization?.accounts[accountId];
    return { alias: member?.name ?? accountId, accountId };
  }

  /** Who an access key belongs to, and what verifies its signature (auth.ts). */
  keyHolder = (accessKeyId: string): KeyHolder | undefined => {
    const session = this.sessions.get(accessKeyId);
    if (session) {
      return {
        principal: sessionPrincipal(session, this.accountById(session.accountId)),
        secretAccessKey: session.secretAccessKey,
        sessionToken: session.sessionToken,
        expiresAt: session.expiresAt,
      };
    }
    const account = this.accounts.find((a) => a.accessKeyId === accessKeyId);
    if (!account || !hasKeys(account)) return undefined;
    return { principal: userPrincipal(account), secretAccessKey: account.secretAccessKey };
  };

  private seeded(seed: string): EmulatorState {
    return seedState(seed, this.accounts, Date.now(), this.transitionMs);
  }

  now = () => emulatorNow(this.state);

  /** Applies due transitions, skipping the walk over every record while nothing can be due. */
  private applyDue(): boolean {
    const now = this.now();
    if (now < this.quietUntil) return false;
    const changed = applyDueSteps(this.state, now);
    this.quietUntil = nextDue(this.state);
    if (changed) this.forgetAnswers();
    return changed;
  }

  /** The state changed outside the clock: look for due steps again, and answer anew. */
  touched(): void {
    this.quietUntil = 0;
    this.forgetAnswers();
  }

  private forgetAnswers(): void {
    this.answers.clear();
    this.answerBytes = 0;
    this.index = undefined;
  }

  /** Applies due transitions; persists when anything moved. */
  async tick(): Promise<void> {
    if (this.applyDue()) await this.persistence.commit();
  }

  async reset(seed = this.state.seed): Promise<void> {
    this.state = this.seeded(seed);
    this.touched();
    this.sessions.clear();
    this.faults.clear();
    this.clearCalls();
    await this.persistence.commit();
  }

  async advanceClock(ms: number): Promise<void> {
    this.state.clockOffsetMs += ms;
    this.touched();
    await this.tick();
    await this.persistence.commit();
  }

  start(): void {
    // The clock runs whether or not anyone calls: the state file follows the state machines.
    this.ticker = setInterval(
      () => void this.tick().catch(() => undefined),
      Math.max(20, Math.min(250, this.transitionMs / 4)),
    );
    this.ticker.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.ticker);
    await this.persistence.close();
  }

  /** The wire answer (JSON) of one AWS operation for an authenticated caller; reads are kept until the state changes. */
  async answer(
    operation: string,
    body: Record<string, unknown>,
    account: Account,
    region: string,
  ): Promise<Buffer> {
    // Refusals of bad input and due transitions come first, as without the cache.
    const handler = this.prepare(operation, body);
    if (!isReadOnly(operation))
      return Buffer.from(toWire((await this.run(handler, operation, body, account, region)) ?? {}));
    const key = `${operation}\u0000${account.accountId}\u0000${region}\u0000${JSON.stringify(body)}`;
    const kept = this.answers.get(key);
    if (kept !== undefined) return kept;
    // Kept as UTF-8: encoding megabytes of JSON again for every send cost more than the rest of a read.
    const bytes = Buffer.from(
      toWire((await this.run(handler, operation, body, account, region)) ?? {}),
    );
    if (this.answers.size >= MAX_ANSWERS || this.answerBytes + bytes.length > MAX_ANSWER_BYTES) {
      this.answers.clear();
      this.answerBytes = 0;
    }
    this.answers.set(key, bytes);
    this.answerBytes += bytes.length;
    return bytes;
  }

  /** The operation's handler, once its input is valid and due transitions are applied. */
  private prepare(operation: string, body: Record<string, unknown>): Handler {
    const handler = handlers[operation];
    if (!handler) {
      throw new ClientError(
        `The dxmap emulator does not implement ${operation}. It recognises it, but only the operations listed in lib/emulator/README.md are emulated.`,
      );
    }
    validateInput(operation, body);
    this.applyDue();
    return handler;
  }

  /** Runs one AWS operation for an authenticated caller; a write is on disk before this returns. */
  private async run(
    handler: Handler,
    operation: string,
    body: Record<string, unknown>,
    account: Account,
    region: string,
  ): Promise<unknown> {
    const ctx: Context = {
      state: this.state,
      account,
      accounts: this.accounts,
      region,
      now: this.now(),
      transitionMs: this.transitionMs,
      ids: this.ids,
      // A write changes the state as it goes: it gets an index of its own, made only if it asks.
      index: isReadOnly(operation)
        ? (this.index ??= new StateIndex(this.state))
        : new StateIndex(this.state),
    };
    if (isReadOnly(operation)) return handler(body, ctx);
    let result: unknown;
    try {
      result = handler(body, ctx);
    } finally {
      // A write may have scheduled steps (even one that then refused: applyDue looks again, cheaply).
      this.touched();
    }
    await this.persistence.commit();
    return result;
  }

  /**
   * The answer (an output structure, which query.ts writes as XML) of one STS operation. Nothing of
   * STS is persisted: the credentials it issues live in memory (identity.ts).
   */
  answerSts(operation: string, input: Record<string, unknown>, principal: Principal): unknown {
    const handler = stsHandlers[operation];
    if (!handler) {
      throw new AwsError(
        "InvalidAction",
        `The dxmap emulator does not implement ${operation}: of STS it emulates ${Object.keys(stsHandlers).join(" and ")}.`,
      );
    }
    const problems = stsModel.problems(operation, input);
    if (problems.length > 0) throw validationError(validationMessage(problems));
    return handler(input, {
      state: this.state,
      principal,
      now: this.now(),
      transitionMs: this.transitionMs,
      sessions: this.sessions,
    });
  }

  /** The wire answer (JSON) of one Organizations operation; its reads are cheap and not kept. */
  answerOrganizations(
    operation: string,
    body: Record<string, unknown>,
    principal: Principal,
  ): Buffer {
    const handler = organizationsHandlers[operation];
    if (!handler) {
      throw new OrganizationsError(
        "UnknownOperationException",
        `The dxmap emulator does not implement ${operation}: of Organizations it emulates ${Object.keys(organizationsHandlers).join(", ")}.`,
      );
    }
    const problems = organizationsModel.problems(operation, body);
    const first = problems[0];
    if (first) {
      // A member of the wrong JSON type is a serialization error in AWS's JSON services.
      throw first.kind === "type"
        ? new OrganizationsError("SerializationException", validationMessage(problems))
        : new OrganizationsError(
            "InvalidInputException",
            validationMessage(problems),
            400,
            INPUT_REASONS[first.kind],
          );
    }
    const result = handler(body, {
      state: this.state,
      principal,
      now: this.now(),
      transitionMs: this.transitionMs,
    });
    return Buffer.from(toWire(result));
  }

  /**
   * Logs a call; `arrival` (its service and when it arrived, ms since the epoch) counts it in its
   * account's rate.
   */
  record(call: CallRecord, arrival?: { service: string; at: number }): void {
    if (arrival) this.rates.record(arrival.service, call.account, arrival.at);
    this.calls.push(call);
    if (this.calls.length > MAX_CALL_LOG) this.calls.splice(0, this.calls.length - MAX_CALL_LOG);
  }

  clearCalls(): void {
    this.calls = [];
    this.rates.clear();
  }
}
