import type { DxReadError } from "./types";

/** The read errors of one account and region: which calls failed, and why (each reason once). */
export interface ReadErrorGroup {
  account: string;
  region: string;
  operations: string[];
  reasons: string[];
  /**
   * When the data shown for it was read (ISO), the earliest of its calls' last good reads, when every
   * failed call there has one; absent when some of what it holds is not shown at all.
   */
  keptFrom?: string;
}

/** Whether some of what the errors concern is not shown at all (no earlier read stands in for it). */
export const someDataMissing = (errors: readonly DxReadError[]) => errors.some((e) => !e.keptFrom);

/**
 * The server reports each failed call ("DescribeLags failed: ThrottlingException: Rate exceeded"). A
 * region that is down fails every call there: one line per account and region, naming the calls,
 * reads better than one per call. A message in another form is kept whole as its reason. Groups,
 * calls and reasons are sorted: the calls fail in whatever order they answer, and the notice must
 * not reshuffle from one poll to the next.
 */
export function groupReadErrors(errors: readonly DxReadError[]): ReadErrorGroup[] {
  const groups = new Map<string, ReadErrorGroup>();
  const missing = new Set<ReadErrorGroup>();
  for (const e of errors) {
    const key = `${e.account}\u0000${e.region}`;
    let group = groups.get(key);
    if (!group) {
      group = { account: e.account, region: e.region, operations: [], reasons: [] };
      groups.set(key, group);
    }
    const m = /^(\w+) failed: ([\s\S]*)$/.exec(e.message);
    const [operation, reason] = m ? [m[1]!, m[2]!] : [undefined, e.message];
    if (operation && !group.operations.includes(operation)) group.operations.push(operation);
    if (!group.reasons.includes(reason)) group.reasons.push(reason);
    if (!e.keptFrom) missing.add(group);
    else if (!group.keptFrom || e.keptFrom < group.keptFrom) group.keptFrom = e.keptFrom;
  }
  for (const g of missing) delete g.keptFrom;
  for (const g of groups.values()) {
    g.operations.sort();
    g.reasons.sort();
  }
  return [...groups.values()].sort((a, b) =>
    a.account === b.account ? (a.region < b.region ? -1 : 1) : a.account < b.account ? -1 : 1,
  );
}
