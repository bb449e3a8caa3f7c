import "server-only";

// Reads are coalesced and briefly cached per (account, region): identical concurrent reads share one
// upstream call, repeated reads within the TTL are served from memory, and a mutation on an account and
// region drops what was read there (Direct Connect gateways are global: they are kept under region "*",
// which a mutation in any region of the account drops too).

interface Entry<T> {
  promise: Promise<Read<T>>;
  /** Set once the read settled successfully; until then the entry is in flight. */
  expiresAt?: number;
}

export interface Read<T> {
  value: T;
  /** When the upstream call that produced `value` was made. */
  readAt: number;
}

/**
 * Kept on globalThis under registered symbols: the collector (started by instrumentation.ts) and the
 * route handlers are bundled apart by Next.js and would otherwise each have a cache of their own.
 */
function processWide<T>(name: string, make: () => T): T {
  const key = Symbol.for(`dxmap.${name}`);
  const store = globalThis as Record<symbol, unknown>;
  return (store[key] ??= make()) as T;
}

/** By account and region (scopeOf), then by call: a scope's reads are dropped without a look at the others'. */
const entries = processWide(
  "readCacheByScope",
  () => new Map<string, Map<string, Entry<unknown>>>(),
);
const scopeOf = (account: string, region: string) => `${account}\u0000${region}`;
/** Told of every invalidation: the collector reads the account and region again at once. */
const invalidationListeners = processWide(
  "readCacheListeners",
  () => new Set<(account: string, region: string) => void>(),
);

export function onInvalidate(listener: (account: string, region: string) => void): () => void {
  invalidationListeners.add(listener);
  return () => invalidationListeners.delete(listener);
}

/**
 * Drops the cached reads of `account` in `region` (its global ones for region "*") that are made on
 * every read, keeping the last good reads: the collector reads a scope afresh when it is due.
 */
export function expire(account: string, region: string, keep: (call: string) => boolean): void {
  const scope = entries.get(scopeOf(account, region));
  if (!scope) return;
  for (const call of scope.keys()) if (!keep(call)) scope.delete(call);
}

/**
 * The value of `load` for this key: from an in-flight call, from the cache while it is fresh, or from a
 * new upstream call. A failed call is never cached.
 */
export function cachedRead<T>(
  account: string,
  region: string,
  call: string,
  ttlMs: number,
  load: () => Promise<T>,
): Promise<Read<T>> {
  const key = scopeOf(account, region);
  let scope = entries.get(key);
  if (!scope) entries.set(key, (scope = new Map()));
  const hit = scope.get(call) as Entry<T> | undefined;
  const now = Date.now();
  if (hit && (hit.expiresAt === undefined || hit.expiresAt > now)) return hit.promise;
  const entry: Entry<T> = {
    promise: load().then(
      (value) => {
        entry.expiresAt = Date.now() + ttlMs;
        return { value, readAt: now };
      },
      (error: unknown) => {
        if (scope.get(call) === entry) scope.delete(call);
        throw error;
      },
    ),
  };
  scope.set(call, entry as Entry<unknown>);
  return entry.promise;
}

/** Drops every read of `account` in `region`, and the account's global reads. */
export function invalidate(account: string, region: string): void {
  // Last good reads name the account's Direct Connect gateways "global", as the read's errors do; the
  // cache keeps them under "*".
  entries.delete(scopeOf(account, region));
  entries.delete(scopeOf(account, "*"));
  for (const key of lastGood.keys()) {
    const [a, r] = key.split("\u0000");
    if (a === account && (r === region || r === "global")) lastGood.delete(key);
  }
  for (const listener of invalidationListeners) listener(account, region);
}

/**
 * The last good read of each call (keyed by account, region, call and backend: lastGoodKey), to
 * stand in for a later read of it that fails: an account or region that stops answering, or a call
 * throttled past its retries, leaves its last data on the map, marked with when it was read, instead
 * of dropping out of it until it answers again. A mutation drops them with the cache (invalidate): a
 * read from before it would show what it changed as it was, and offer what it made impossible.
 */
const lastGood = processWide("lastGoodReads", () => new Map<string, Read<unknown>>());

/** The key of a last good read: the account and region first, as the cache's, for invalidate. */
export const lastGoodKey = (account: string, region: string, call: string, backend: string) =>
  `${account}\u0000${region}\u0000${call}\u0000${backend}`;

export function rememberLastGood(key: string, read: Read<unknown>): void {
  lastGood.set(key, read);
}

export function lastGoodRead(key: string): Read<unknown> | undefined {
  return lastGood.get(key);
}

export function clearCache(): void {
  entries.clear();
  lastGood.clear();
}
