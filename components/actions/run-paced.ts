/**
 * Runs `task` for every item, at most `limit` at a time, each started as one before it ends: two
 * hundred approvals reach AWS as a steady trickle rather than a burst its API rate limit would
 * throttle. A task that fails is its own affair (it reports its own outcome): the others carry on.
 */
export async function runPaced<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch {
        // The task reports its own failure; this one must not stop the worker.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}
