// A poll's read keeps every unchanged resource as the object it was (lib/dx/topology-changes.ts), and
// buildGraph keeps every unchanged node: what a read changed is where two lists hold different
// objects. A figure that is a sum over a list (how many wait for approval, what is moving, the map's
// counts) is then the last one less what left those places plus what came: an identity check of
// every place (60,000 at XL, a fraction of a millisecond), and nothing looked at again.

/**
 * The places where two lists hold different objects (of the places both have). A loop with no call
 * in it: it runs once a poll, too seldom for the engine to have optimised a callback's call site.
 */
export function replacedPlaces<T>(before: readonly T[], after: readonly T[]): number[] {
  const places: number[] = [];
  const both = Math.min(before.length, after.length);
  for (let i = 0; i < both; i++) if (before[i] !== after[i]) places.push(i);
  return places;
}

/** Whether two lists hold the same items (the same objects, or equal strings and numbers) in order. */
export const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * How many items of a list `counts` holds for, kept from one list to the next: the same list is
 * answered at once, another is counted from the last where the two differ (and over the longer one's
 * tail). `counts` must give the same answer for the same object, as it does for resources, which a
 * read never changes in place.
 */
export class RunningCount<T> {
  private last: { list: readonly T[]; n: number } | undefined;

  constructor(private readonly counts: (item: T) => boolean) {}

  of(list: readonly T[]): number {
    const last = this.last;
    if (last?.list === list) return last.n;
    const one = (item: T) => (this.counts(item) ? 1 : 0);
    let n = 0;
    if (last) {
      n = last.n;
      const shared = Math.min(list.length, last.list.length);
      for (const i of replacedPlaces(last.list, list)) n += one(list[i]!) - one(last.list[i]!);
      for (let i = shared; i < list.length; i++) n += one(list[i]!);
      for (let i = shared; i < last.list.length; i++) n -= one(last.list[i]!);
    } else for (const item of list) n += one(item);
    this.last = { list, n };
    return n;
  }
}
