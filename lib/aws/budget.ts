import "server-only";

import { AsyncLocalStorage } from "node:async_hooks";

import type { DirectConnectClient } from "@aws-sdk/client-direct-connect";
import type { FinalizeHandler, HandlerExecutionContext, MetadataBearer } from "@smithy/types";
import PQueue from "p-queue";

// Each account's calls to Direct Connect share one budget (DX_ACCOUNT_CALLS_PER_SECOND, 5 by
// default), whichever region they go to and whoever makes them (the collector's reads, a person's
// change): AWS throttles per account, and a pass over many regions never bursts past the budget.
// p-queue's strict mode is a sliding window checked against the clock when a call is let through
// (not planned ahead on timers, which a busy event loop fires late and together), and the calls are
// let through evenly spaced, so no second holds more than the budget; each attempt counts (the gate sits after the SDK's retry step,
// before signing). A person's calls go ahead of the collector's reads waiting: a change (any call but
// a Describe) wherever it is made, and every call a route makes for a person (the reads around an
// approval, a dialog's list of gateways), which would otherwise wait behind a pass's queue, seconds
// at 5 calls a second.
// Back-off on ThrottlingException is the SDK's standard retry mode (lib/aws/clients.ts).

/** What waits for an account's budget. */
export interface CallBudget {
  /** Resolves when a call may go; `priority` calls go before the others waiting. */
  take(priority?: boolean): Promise<void>;
  /** Calls waiting now. */
  readonly waiting: number;
}

const KEY = Symbol.for("dxmap.callBudgets");
type Holder = { [KEY]?: Map<string, CallBudget> };

/** The budget of an account's calls at `perSecond`: one per account id and rate, per process. */
export function accountGate(accountId: string, perSecond: number): CallBudget {
  const budgets = ((globalThis as Holder)[KEY] ??= new Map());
  const key = `${accountId}@${perSecond}`;
  let budget = budgets.get(key);
  if (!budget) {
    // One call at a time, evenly spaced: a burst of five at once, then none, reaches AWS as ten
    // within a second whenever a call of the first five is late. And a tenth apart more than the
    // budget's pace (5/s: one every 220 ms): six calls let through 200 ms apart reach AWS within one
    // second as soon as the first is sent a little later than the sixth (signing, a busy thread).
    const queue = new PQueue({
      intervalCap: 1,
      interval: Math.ceil(1100 / perSecond),
      strict: true,
    });
    budget = {
      take: (priority = false) => queue.add(() => undefined, { priority: priority ? 1 : 0 }),
      get waiting() {
        return queue.size;
      },
    };
    budgets.set(key, budget);
  }
  return budget;
}

/** Whether the calls made from here on are a person's (true) or the collector's (false). */
const made = new AsyncLocalStorage<boolean>();

/** Runs `fn` with its Direct Connect calls ahead of the collector's (a route, for a person). */
export const forAPerson = <T>(fn: () => T): T => made.run(true, fn);

/**
 * Runs `fn` with its calls behind a person's: the collector's reads, which may have been started
 * from within a person's request (the first one starts the collector; Refresh asks it to read).
 */
export const inTheBackground = <T>(fn: () => T): T => made.run(false, fn);

/** Whether a call changes something (a person's action), rather than reads. */
const changes = (commandName: string | undefined) =>
  commandName !== undefined && !commandName.startsWith("Describe");

/** Makes every attempt of `client`'s calls wait for the account's budget. */
export function addCallBudget(client: DirectConnectClient, budget: CallBudget): void {
  client.middlewareStack.addRelativeTo(
    <Output extends MetadataBearer>(
      next: FinalizeHandler<object, Output>,
      context: HandlerExecutionContext,
    ) =>
      async (args: Parameters<FinalizeHandler<object, Output>>[0]) => {
        await budget.take(changes(context.commandName) || made.getStore() === true);
        return next(args);
      },
    { relation: "before", toMiddleware: "httpSigningMiddleware", name: "dxmapCallBudget" },
  );
}
