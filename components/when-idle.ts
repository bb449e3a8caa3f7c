/**
 * Runs `run` when the browser is next idle, and at the latest after `timeoutMs`; without
 * requestIdleCallback (Safari), after `fallbackMs`. Returns what cancels it.
 */
export function whenIdle(run: () => void, timeoutMs: number, fallbackMs: number): () => void {
  if (typeof requestIdleCallback === "function") {
    const id = requestIdleCallback(run, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, fallbackMs);
  return () => clearTimeout(id);
}
