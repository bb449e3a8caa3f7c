/**
 * The clock that moves transitional states on. Steps are stored with the emulator time at which they
 * are due; `applyDueSteps` applies every due step (in order) and forgets what the service forgets:
 * deleted (or rejected) interfaces after 15 minutes, and connections and LAGs likewise (emulator
 * choice: the service lists them for a while too); deleted peers one transition after they reach
 * "deleted" (emulator choice); deleted gateways and finished disassociations at once (the service
 * stops listing them).
 */
import type { EmulatorState, Transitional, VifRecord } from "./state";

/** "Deleted virtual interfaces are still returned by DescribeVirtualInterfaces for about 15 minutes." */
export const DELETED_VIF_RETENTION_MS = 15 * 60 * 1000;

type Retained = Transitional<string> & { deletedAt?: number };

/** Notes when a record reached deleted or rejected, and forgets it once the retention has passed. */
function retire<R extends Retained>(
  map: Record<string, R>,
  id: string,
  record: R,
  now: number,
): boolean {
  if (record.state !== "deleted" && record.state !== "rejected") return false;
  if (record.deletedAt === undefined) {
    record.deletedAt = now;
    return true;
  }
  if (now - record.deletedAt < DELETED_VIF_RETENTION_MS) return false;
  delete map[id];
  return true;
}

export const emulatorNow = (state: EmulatorState) => Date.now() + state.clockOffsetMs;

/** Queues `states` to be reached one after another, each `stepMs` after the previous. */
export function schedule<S extends string>(
  record: Transitional<S>,
  now: number,
  stepMs: number,
  ...states: S[]
): void {
  record.steps = states.map((to, i) => ({ to, at: now + stepMs * (i + 1) }));
}

function applyDue<S extends string>(record: Transitional<S>, now: number): boolean {
  let changed = false;
  while (record.steps.length > 0 && record.steps[0]!.at <= now) {
    record.state = record.steps.shift()!.to;
    changed = true;
  }
  return changed;
}

/** Applies every due step. Returns true when anything changed (the caller then persists). */
export function applyDueSteps(state: EmulatorState, now: number): boolean {
  let changed = false;
  for (const record of [
    ...Object.values(state.connections),
    ...Object.values(state.lags),
    ...Object.values(state.gateways),
    ...Object.values(state.associations),
  ]) {
    changed = applyDue(record, now) || changed;
  }
  for (const [id, gateway] of Object.entries(state.gateways)) {
    if (gateway.state === "deleted") {
      delete state.gateways[id];
      changed = true;
    }
  }
  for (const [id, association] of Object.entries(state.associations)) {
    if (association.state === "disassociated") {
      delete state.associations[id];
      changed = true;
    }
  }
  for (const [id, vif] of Object.entries(state.virtualInterfaces)) {
    changed = applyDueVifSteps(state, vif, now) || changed;
    changed = retire(state.virtualInterfaces, id, vif, now) || changed;
  }
  for (const [id, connection] of Object.entries(state.connections))
    changed = retire(state.connections, id, connection, now) || changed;
  for (const [id, lag] of Object.entries(state.lags))
    changed = retire(state.lags, id, lag, now) || changed;
  return changed;
}

/**
 * The earliest emulator time at which `applyDueSteps` would change anything (0: now; Infinity: never until
 * something else changes the state). The emulator skips applyDueSteps until then: it walks every
 * record, which in a large estate would otherwise be paid on every call.
 */
export function nextDue(state: EmulatorState): number {
  let due = Infinity;
  const steps = (r: Transitional<string>) => {
    if (r.steps.length > 0 && r.steps[0]!.at < due) due = r.steps[0]!.at;
  };
  const retention = (r: Retained) => {
    if (r.state !== "deleted" && r.state !== "rejected") return;
    const at = r.deletedAt === undefined ? 0 : r.deletedAt + DELETED_VIF_RETENTION_MS;
    if (at < due) due = at;
  };
  for (const c of Object.values(state.connections)) {
    steps(c);
    retention(c);
  }
  for (const l of Object.values(state.lags)) {
    steps(l);
    retention(l);
  }
  for (const g of Object.values(state.gateways)) {
    steps(g);
    if (g.state === "deleted") return 0;
  }
  for (const a of Object.values(state.associations)) {
    steps(a);
    if (a.state === "disassociated") return 0;
  }
  for (const v of Object.values(state.virtualInterfaces)) {
    steps(v);
    retention(v);
    if (v.attachment) {
      steps(v.attachment);
      if (v.attachment.state === "detached") return 0;
    }
    for (const p of v.peers) {
      steps(p);
      if (p.state === "deleted" && p.steps.length === 0) return 0;
    }
    if (v.testing && v.testing.until < due) due = v.testing.until;
  }
  return due;
}

function applyDueVifSteps(state: EmulatorState, vif: VifRecord, now: number): boolean {
  let changed = applyDue(vif, now);
  if (vif.attachment) changed = applyDue(vif.attachment, now) || changed;
  if (vif.attachment?.state === "detached") {
    delete vif.attachment;
    changed = true;
  }
  for (const peer of vif.peers) changed = applyDue(peer, now) || changed;
  // A deleted peer is listed as "deleted" for one more transition, then disappears (emulator choice;
  // deleteBgpPeer schedules "deleted" twice so that the second step marks the moment it goes).
  const before = vif.peers.length;
  vif.peers = vif.peers.filter((p) => !(p.state === "deleted" && p.steps.length === 0));
  changed = changed || vif.peers.length !== before;
  if (vif.testing && vif.testing.until <= now) {
    const test = state.tests[vif.testing.testId];
    if (test) {
      test.status = "completed";
      test.endTime = Math.floor(vif.testing.until / 1000);
    }
    delete vif.testing;
    changed = true;
  }
  return changed;
}
