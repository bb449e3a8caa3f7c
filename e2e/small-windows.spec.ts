import { expect, test } from "@playwright/test";

import { screenshotPath } from "./screenshots";
import { E2E_SERVERS } from "./servers";

// dxmap in the windows a laptop gives it: 1024 × 768 and 1440 × 900, light and dark. What a person
// would notice: a column out of reach. They change nothing in the emulator, but read the seed's
// interfaces awaiting approval, which other files approve: they start from a reset.

const SMALL = { width: 1024, height: 768 };
/** Seen whole (Chromium's ratio for an element wholly in view can fall a hair short of 1). */
const WHOLE = { ratio: 0.99 };

test.beforeAll(async ({ request }) => {
  const res = await request.post(`${E2E_SERVERS.main.emulatorUrl}/_dxmap/reset`, {
    data: { seed: "default" },
  });
  expect(res.ok()).toBe(true);
});

test("at 1024 × 768 every column of Approvals is in view, Approve included, and it answers a click", async ({
  page,
}) => {
  await page.setViewportSize(SMALL);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto("/approvals");
    const rows = page.getByTestId(/^approval-/);
    await expect(rows.first()).toBeVisible();
    // Seen whole where the page opens, without scrolling anything sideways.
    const approve = rows.first().getByRole("button", { name: /^Approve/ });
    await expect(approve).toBeInViewport(WHOLE);
    for (const header of await page.getByRole("columnheader").all())
      await expect(header).toBeInViewport(WHOLE);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth),
      "nothing wider than the window",
    ).toBeLessThanOrEqual(SMALL.width);
    await page.screenshot({ path: screenshotPath(`approvals-1024-${colorScheme}`) });
  }
  await page
    .getByTestId(/^approval-/)
    .first()
    .getByRole("button", { name: /^Approve/ })
    .click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // Narrower still, the table's own box scrolls sideways to the button, and only that box.
  await page.setViewportSize({ width: 760, height: 768 });
  const table = page.getByRole("table", { name: "Interfaces awaiting approval" });
  const scroller = table.locator("xpath=..");
  const overflow = await scroller.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow, "the table is wider than its box at 760 px").toBeGreaterThan(0);
  await scroller.evaluate((el) => (el.scrollLeft = el.scrollWidth));
  const approve = page
    .getByTestId(/^approval-/)
    .first()
    .getByRole("button", { name: /^Approve/ });
  await expect(approve).toBeInViewport(WHOLE);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(760);
});
