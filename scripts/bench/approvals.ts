import type { Browser } from "@playwright/test";

import type { Dashboard } from "./dashboards";
import { PAGE_TIMEOUT_MS, timedLoads } from "./resilience";
import { median } from "./stats";

export interface ApprovalsPageResult {
  /** Navigation → the Approvals page's first row (an interface or a hosted connection waiting), median. */
  pageMs: number;
  pages: number[];
  /** Loads that showed no row within PAGE_TIMEOUT_MS (counted at it). */
  timeouts: number;
  /** The rows the last load listed. */
  rows: number;
}

const ROWS = '[data-testid^="approval-"], [data-testid^="acceptance-"]';

/** The Approvals page (every account's interfaces and hosted connections waiting), as a new visitor loads it. */
export async function measureApprovals(
  browser: Browser,
  dashboard: Dashboard,
): Promise<ApprovalsPageResult> {
  let rows = 0;
  const { times, timeouts } = await timedLoads(browser, "the Approvals page", async (page) => {
    await page.goto(`${dashboard.url}/approvals`, { waitUntil: "commit" });
    const shown = await page.waitForFunction(
      (selector) => (document.querySelector(selector) ? performance.now() : null),
      ROWS,
      { timeout: PAGE_TIMEOUT_MS, polling: "raf" },
    );
    const ms = (await shown.jsonValue()) as number;
    rows = await page.locator(ROWS).count();
    return ms;
  });
  return { pageMs: median(times), pages: times, timeouts, rows };
}
