// Each resource's JSON, encoded once while the resource lives: the topology's answers are made of it
// (lib/server/topology-response.ts). An unchanged resource stays the same object across reads
// (keepSame in slices.ts), so its JSON is encoded once, not at every pass and every answer.

// On globalThis under a registered symbol: the collector (started by instrumentation.ts) and the
// route handlers are bundled apart by Next.js and would otherwise each encode their own.
const KEY = Symbol.for("dxmap.itemJson");
const holder = globalThis as Record<symbol, WeakMap<object, string> | undefined>;
const itemJsons = (holder[KEY] ??= new WeakMap<object, string>());

/** `item`'s JSON.stringify, kept while `item` lives. */
export function itemJson(item: unknown): string {
  if (typeof item !== "object" || item === null) return JSON.stringify(item) ?? "null";
  let json = itemJsons.get(item);
  if (json === undefined) {
    json = JSON.stringify(item);
    itemJsons.set(item, json);
  }
  return json;
}
