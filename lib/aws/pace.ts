import "server-only";

import type {
  DirectConnectClient,
  ServiceInputTypes,
  ServiceOutputTypes,
} from "@aws-sdk/client-direct-connect";
import type { InitializeMiddleware } from "@smithy/types";

// Upstream calls leave in groups, one group per turn of the event loop, instead of all at once.
//
// A topology read starts every call of every account and region together (lib/aws/topology-calls.ts).
// Each goes through the SDK's middleware (serialise, endpoint, retry, sign, then Node's HTTP client)
// in steps separated by `await`, so calls started in one turn advance step by step side by side and
// none reaches the socket until all have been through nearly every step: after the interface lists
// (sent first, in a turn of their own: lib/aws/topology.ts) the next request was written late into
// the read, together with the last, and the backend then took them in one burst. Held to a group per
// turn, the first groups are on the wire while later ones are still being signed, and the backend
// works through them meanwhile: on a large estate with latency on every call, the requests after the
// interface lists leave much earlier and the read ends sooner (`npm run bench -- --only server`
// measures it).
//
// Only the start of a call is paced: a call that has started is never held, and a turn with fewer than
// PER_TURN calls (a mutation, a small estate) is not delayed at all.

/** Calls let into the SDK per turn of the event loop. */
export const PER_TURN = 16;

let startedThisTurn = 0;
const waiting: (() => void)[] = [];
let scheduled = false;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(nextTurn);
}

function nextTurn(): void {
  scheduled = false;
  const group = waiting.splice(0, PER_TURN);
  startedThisTurn = group.length;
  // Also when nothing waits: the count of this turn is set back to zero at the next.
  if (group.length > 0) schedule();
  for (const start of group) start();
}

/**
 * Resolves when a call may start: at once (undefined) while this turn has let fewer than PER_TURN
 * calls in and none is waiting, else in a later turn, in the order the calls asked.
 */
export function turnToStart(): Promise<void> | undefined {
  schedule();
  if (waiting.length === 0 && startedThisTurn < PER_TURN) {
    startedThisTurn++;
    return undefined;
  }
  return new Promise<void>((resolve) => waiting.push(resolve));
}

/** Adds the pacing to a client's middleware, before everything else the SDK does for a call. */
export function paceCalls(client: DirectConnectClient): void {
  const pace: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
    (next) => async (args) => {
      const wait = turnToStart();
      if (wait) await wait;
      return next(args);
    };
  client.middlewareStack.add(pace, { step: "initialize", priority: "high", name: "dxmapPace" });
}
