// Runs once when the dashboard's server starts (Next.js's instrumentation hook): the collector
// starts with it, so the estate is read — and its history recorded — whether or not anyone has the
// map open. Only in the Node.js runtime: the collector holds the store and the AWS clients.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startCollector } = await import("./lib/history/collector");
  startCollector().catch((error: unknown) => {
    console.error(
      "[dxmap] the collector could not start:",
      error instanceof Error ? error.message : error,
    );
  });
}
