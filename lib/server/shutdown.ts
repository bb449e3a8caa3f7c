// Work to finish before the process exits (the history store's last writes, the collector's leases
// given up). Kept on globalThis under a registered symbol: scripts/serve.ts runs the hooks and the
// code that registers them lives in Next.js's bundles, in the same process.
// No "server-only" marker: scripts/serve.ts runs outside the Next.js bundle.

type Hook = () => Promise<void>;

function hooks(): Set<Hook> {
  const key = Symbol.for("dxmap.shutdownHooks");
  const store = globalThis as Record<symbol, unknown>;
  return (store[key] ??= new Set<Hook>()) as Set<Hook>;
}

export function onShutdown(hook: Hook): () => void {
  hooks().add(hook);
  return () => hooks().delete(hook);
}

/** Runs every hook, each at most `timeoutMs`: a stuck one never keeps the process from exiting. */
export async function runShutdownHooks(timeoutMs = 5_000): Promise<void> {
  await Promise.all(
    [...hooks()].map((hook) =>
      Promise.race([
        hook().catch((error: unknown) =>
          console.warn("[dxmap] while stopping:", error instanceof Error ? error.message : error),
        ),
        new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
      ]),
    ),
  );
}
