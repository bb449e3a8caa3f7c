import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { replacedPlaces, RunningCount } from "./replaced";

type Item = { id: number; on: boolean };

/** A read after `list`: some places replaced by new objects, some items added or removed, maybe reordered. */
const edit = fc.record({
  replace: fc.array(fc.record({ at: fc.nat(), on: fc.boolean() }), { maxLength: 6 }),
  add: fc.array(fc.boolean(), { maxLength: 3 }),
  remove: fc.nat({ max: 3 }),
  reverse: fc.boolean(),
});
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

function apply(list: readonly Item[], e: Edit): Item[] {
  const next = [...list];
  for (const r of e.replace)
    if (next.length > 0) {
      const i = r.at % next.length;
      next[i] = { ...next[i]!, on: r.on };
    }
  for (const on of e.add) next.push({ id: next.length, on });
  next.splice(0, Math.min(e.remove, next.length));
  return e.reverse ? next.reverse() : next;
}

describe("RunningCount", () => {
  it("counts what a look at every item counts, read after read", () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { maxLength: 20 }),
        fc.array(edit, { maxLength: 8 }),
        (first, edits) => {
          const count = new RunningCount((item: Item) => item.on);
          let list: Item[] = first.map((on, id) => ({ id, on }));
          expect(count.of(list)).toBe(list.filter((i) => i.on).length);
          for (const e of edits) {
            list = apply(list, e);
            expect(count.of(list)).toBe(list.filter((i) => i.on).length);
          }
        },
      ),
    );
  });

  it("looks only at the places that hold new objects", () => {
    const looked: number[] = [];
    const count = new RunningCount((item: Item) => {
      looked.push(item.id);
      return item.on;
    });
    const list = Array.from({ length: 1_000 }, (_, id) => ({ id, on: id % 3 === 0 }));
    expect(count.of(list)).toBe(334);
    looked.length = 0;
    const next = list.map((item) => (item.id === 500 ? { ...item, on: true } : item));
    expect(count.of(next)).toBe(335);
    expect(looked).toEqual([500, 500]);
    looked.length = 0;
    expect(count.of(next)).toBe(335);
    expect(looked).toEqual([]);
  });
});

describe("replacedPlaces", () => {
  it("gives each place whose object changed, of the places both lists have", () => {
    const a = { id: 1 };
    const b = { id: 2 };
    const c = { id: 3 };
    expect(replacedPlaces([a, b, c], [a, { id: 20 }, c, { id: 4 }])).toEqual([1]);
    expect(replacedPlaces([a, b, c], [a, b])).toEqual([]);
  });
});
