import "server-only";

import type { DxTopology } from "@/lib/dx/types";
import { runningCollector } from "@/lib/history/collector";

/** How long a page's render waits for the snapshot before it sends its loading state instead. */
const PAGE_WAIT_MS = 300;

/**
 * The collector's whole snapshot for a page rendered on the server, when it has one at hand: a page
 * never waits for a read of AWS (the first pass at start, a failing region read again). Undefined
 * when there is no snapshot within PAGE_WAIT_MS, no collector (the route tests), or the read failed:
 * the page then renders its loading state, and the browser reads the topology as it always does.
 */
export async function pageSnapshot(): Promise<DxTopology | undefined> {
  const running = runningCollector();
  if (!running) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, PAGE_WAIT_MS, undefined);
  });
  const snapshot = running.then((c) => c.topology()).catch(() => undefined);
  try {
    return await Promise.race([snapshot, late]);
  } finally {
    clearTimeout(timer);
  }
}
