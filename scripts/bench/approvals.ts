import type { Browser } from "@playwright/test";

import { newPage } from "./browser";
import type { Dashboard } from "./dashboards";
import { median } from "./stats";

/** Loads of the page; the first warms the server up (its first render of the page loads code). */
const LOADS = 4;

export interface ApprovalsPageResult {
  /** Navigation → the Approvals page's first row (an interface or a hosted connection waiting), median. */
  pageMs: number;
  pages: number[];
  /** The rows the last load listed. */
  rows: number;
}

/** The Approvals page (every account's interfaces and hosted connections waiting), as a new visitor loads it. */
export async function measureApprovals(
  browser: Browser,
  dashboard: Dashboard,
): Promise<ApprovalsPageResult> {
  const pages: number[] = [];
  let rows = 0;
  for (let k = 0; k < LOADS; k++) {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`${dashboard.url}/approvals`, { waitUntil: "commit" });
      const shown = await page.waitForFunction(
        () =>
          document.querySelector('[data-testid^="approval-"], [data-testid^="acceptance-"]')
            ? performance.now()
            : null,
        undefined,
        { timeout: 60_000, polling: "raf" },
      );
      if (k > 0) pages.push((await shown.jsonValue()) as number);
      rows = await page.locator('[data-testid^="approval-"], [data-testid^="acceptance-"]').count();
    } finally {
      await context.close();
    }
  }
  return { pageMs: median(pages), pages, rows };
}
