import type { Browser } from "@playwright/test";

import { firstLoad, newPage } from "./browser";
import type { Dashboard } from "./dashboards";
import { median } from "./stats";

/** Loads of each page; the first warms the server up (its first render of the page loads code). */
const LOADS = 4;

export interface ResiliencePageResult {
  /** Navigation → the Resilience page's first target row in the DOM, median of the loads. */
  pageMs: number;
  pages: number[];
  /** Navigation → the detailed map painted with its single points of failure shown (spof=1), median. */
  overlayMs: number;
  overlays: number[];
}

/** The Resilience page and the map's overlay, each loaded in fresh windows as a new visitor would. */
export async function measureResilience(
  browser: Browser,
  dashboard: Dashboard,
): Promise<ResiliencePageResult> {
  const pages: number[] = [];
  const overlays: number[] = [];
  for (let k = 0; k < LOADS; k++) {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`${dashboard.url}/resilience`, { waitUntil: "commit" });
      const shown = await page.waitForFunction(
        () => (document.querySelector('[data-testid^="target-"]') ? performance.now() : null),
        undefined,
        { timeout: 60_000, polling: "raf" },
      );
      if (k > 0) pages.push((await shown.jsonValue()) as number);
    } finally {
      await context.close();
    }
  }
  for (let k = 0; k < LOADS; k++) {
    const { context, page } = await newPage(browser);
    try {
      const { paintedMs } = await firstLoad(page, `${dashboard.url}/?mode=detail&spof=1`);
      if (k > 0) overlays.push(paintedMs);
    } finally {
      await context.close();
    }
  }
  return { pageMs: median(pages), pages, overlayMs: median(overlays), overlays };
}
