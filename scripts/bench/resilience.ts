import type { Browser, Page } from "@playwright/test";

import { firstLoad, newPage } from "./browser";
import type { Dashboard } from "./dashboards";
import { log } from "./log";
import { median } from "./stats";

/** Loads of each page; the first warms the server up (its first render of the page loads code). */
const LOADS = 4;
/** How long a load may take to show its first row or node; a load that does not is recorded at this. */
export const PAGE_TIMEOUT_MS = 60_000;

export interface ResiliencePageResult {
  /** Navigation → the Resilience page's first target row in the DOM, median of the loads. */
  pageMs: number;
  pages: number[];
  /** Loads that showed no row within PAGE_TIMEOUT_MS (each counted at it; the loads stop there). */
  pageTimeouts: number;
  /** Navigation → the detailed map painted with its single points of failure shown (spof=1), median. */
  overlayMs: number;
  overlays: number[];
  overlayTimeouts: number;
}

const isTimeout = (error: unknown) => error instanceof Error && error.name === "TimeoutError";

/**
 * LOADS loads in fresh windows, each timed by `load`; the first, which warms the server up, is not
 * counted unless it is the only one to finish. A load that times out is counted at PAGE_TIMEOUT_MS,
 * and no more are made: the next would time out too, a minute each.
 */
export async function timedLoads(
  browser: Browser,
  what: string,
  load: (page: Page) => Promise<number>,
): Promise<{ times: number[]; timeouts: number }> {
  const times: number[] = [];
  for (let k = 0; k < LOADS; k++) {
    const { context, page } = await newPage(browser);
    try {
      const ms = await load(page);
      if (k > 0) times.push(ms);
    } catch (error) {
      if (!isTimeout(error)) throw error;
      log(`${what}: nothing shown within ${PAGE_TIMEOUT_MS / 1000} s; no more loads of it`);
      times.push(PAGE_TIMEOUT_MS);
      return { times, timeouts: 1 };
    } finally {
      await context.close();
    }
  }
  return { times, timeouts: 0 };
}

/** The Resilience page and the map's overlay, each loaded in fresh windows as a new visitor would. */
export async function measureResilience(
  browser: Browser,
  dashboard: Dashboard,
): Promise<ResiliencePageResult> {
  const pages = await timedLoads(browser, "the Resilience page", async (page) => {
    await page.goto(`${dashboard.url}/resilience`, { waitUntil: "commit" });
    const shown = await page.waitForFunction(
      () => (document.querySelector('[data-testid^="target-"]') ? performance.now() : null),
      undefined,
      { timeout: PAGE_TIMEOUT_MS, polling: "raf" },
    );
    return (await shown.jsonValue()) as number;
  });
  const overlays = await timedLoads(
    browser,
    "the map with its single points of failure",
    async (page) => (await firstLoad(page, `${dashboard.url}/?mode=detail&spof=1`)).paintedMs,
  );
  return {
    pageMs: median(pages.times),
    pages: pages.times,
    pageTimeouts: pages.timeouts,
    overlayMs: median(overlays.times),
    overlays: overlays.times,
    overlayTimeouts: overlays.timeouts,
  };
}
