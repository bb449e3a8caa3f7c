import path from "node:path";

import type { Page } from "@playwright/test";

// Where the browser tests save the pages they photograph. A test run writes them under the ignored
// test-results/ folder, so `npm test` leaves the tree as it found it; `npm run screenshots` points
// them at docs/screenshots/, the README's pictures.
const DIR = process.env.DX_SCREENSHOTS_DIR ?? path.join("test-results", "screenshots");

export const screenshotPath = (name: string) => path.join(DIR, `${name}.png`);

/**
 * Photographs the page as a person sees it, the read time masked: it changes on every run, and the
 * picture should change only with the UI.
 */
export const photograph = (page: Page, name: string) =>
  page.screenshot({
    path: screenshotPath(name),
    mask: [page.getByText(/^Read at/)],
    maskColor: "#f6f7f9",
  });
