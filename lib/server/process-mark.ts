// A flag on this process, set by dxmap's own server (scripts/serve.ts) for what only it does to every
// request. Kept on globalThis under a registered symbol, so the server's code and every bundle Next.js
// loads in the same process see the same flag.
// No "server-only" marker: scripts/serve.ts runs outside the Next.js bundle.

export function processMark(name: string): { set(): void; isSet(): boolean } {
  const key = Symbol.for(`dxmap.${name}`);
  const flags = globalThis as Record<symbol, unknown>;
  return {
    set: () => {
      flags[key] = true;
    },
    isSet: () => flags[key] === true,
  };
}
