import { expect, test, type Locator, type Page } from "@playwright/test";

import type { DxTopology } from "@/lib/dx/types";

import { pageErrors } from "./page-errors";
import { screenshotPath } from "./screenshots";
import { E2E_SERVERS } from "./servers";

// dxmap in the windows a laptop gives it: 1024 × 768 and 1440 × 900, light and dark. What a person
// would notice: a column out of reach, a side panel that cannot be put away, a map that jumps when a
// search answers. They change nothing in the emulator, but read the seed's interfaces awaiting
// approval, which other files approve: they start from a reset.

const SMALL = { width: 1024, height: 768 };
const LAPTOP = { width: 1440, height: 900 };
/** Seen whole (Chromium's ratio for an element wholly in view can fall a hair short of 1). */
const WHOLE = { ratio: 0.99 };

const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);
const panel = (page: Page) => page.getByTestId("details-panel");
const sidePanelButton = (page: Page) => page.getByRole("button", { name: "Side panel" });

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`${locator.toString()} has no box`);
  return b;
}

async function topology(page: Page): Promise<DxTopology> {
  const res = await page.request.get("/api/topology");
  expect(res.ok()).toBe(true);
  return (await res.json()) as DxTopology;
}

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

test("at 1024 × 768 the side panel folds away from the keyboard, the map takes its width, and it stays folded after a reload", async ({
  page,
}) => {
  // The remembered choice is read once the page has hydrated: a reload shows no mismatch.
  const errors = pageErrors(page);
  await page.setViewportSize(SMALL);
  await page.goto("/");
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
  const pane = page.getByTestId("graph");
  const aside = page.getByRole("complementary", { name: "Side panel" });
  const toggle = sidePanelButton(page);
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  const open = { pane: await box(pane), aside: await box(aside) };
  await page.screenshot({ path: screenshotPath("map-1024-light-open") });

  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(toggle).toBeFocused();
  await expect(page.getByRole("heading", { name: "Recent changes" })).toBeHidden();
  await expect
    .poll(async () => (await box(pane)).width, "the map takes the panel's width")
    .toBeGreaterThan(open.pane.width + open.aside.width - 48);
  const folded = await box(pane);
  for (const colorScheme of ["dark", "light"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: screenshotPath(`map-1024-${colorScheme}-folded`) });
  }

  // React Flow measured its new pane: fit view centres the map in it, the controls and the minimap
  // sit at its corners, and it still zooms and pans.
  await page.getByRole("button", { name: "fit view" }).click();
  await expect
    .poll(async () => {
      const nodes = await page
        .locator(".react-flow__node")
        .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()));
      const left = Math.min(...nodes.map((r) => r.left));
      const right = Math.max(...nodes.map((r) => r.right));
      return Math.round((left + right) / 2 - (folded.x + folded.width / 2));
    }, "the fitted map's centre is the wider pane's")
    .toBeLessThan(40);
  await page.getByRole("button", { name: "show minimap" }).click();
  const minimap = await box(page.getByLabel("Minimap of the topology"));
  expect(minimap.x + minimap.width).toBeLessThanOrEqual(folded.x + folded.width);
  expect(minimap.x + minimap.width).toBeGreaterThan(folded.x + folded.width - 40);
  const controls = await box(page.locator(".react-flow__controls"));
  expect(controls.x).toBeLessThan(folded.x + 40);
  const viewport = page.locator(".react-flow__viewport");
  const transform = () => viewport.evaluate((el) => getComputedStyle(el).transform);
  const before = await transform();
  await page.getByRole("button", { name: "zoom in" }).click();
  await expect.poll(transform).not.toBe(before);
  const zoomed = await transform();
  await page.mouse.move(folded.x + folded.width - 60, folded.y + folded.height - 60);
  await page.mouse.down();
  await page.mouse.move(folded.x + folded.width - 260, folded.y + folded.height - 160, {
    steps: 5,
  });
  await page.mouse.up();
  await expect.poll(transform, "the map pans over the width it took").not.toBe(zoomed);

  await page.reload();
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
  await expect(sidePanelButton(page)).toHaveAttribute("aria-expanded", "false");
  expect((await box(pane)).width).toBeGreaterThan(open.pane.width + open.aside.width - 48);

  // Opened again with a click, it is open after a reload too.
  await sidePanelButton(page).click();
  await expect(page.getByRole("heading", { name: "Recent changes" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Recent changes" })).toBeVisible();
  await expect(sidePanelButton(page)).toHaveAttribute("aria-expanded", "true");
  expect(errors).toEqual([]);
});

test("at 1024 × 768 a node chosen while the panel is folded opens it on its details, in view, and closing them folds it again", async ({
  page,
}) => {
  const t = await topology(page);
  const vif = t.virtualInterfaces.find(
    (v) => v.name === "backup-private" && v.region === "us-east-1",
  )!;
  const peer = vif.bgpPeers[0]!;
  await page.setViewportSize(SMALL);
  await page.goto("/");
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
  await sidePanelButton(page).click();
  await expect(sidePanelButton(page)).toHaveAttribute("aria-expanded", "false");
  // The peer sits in the map's right column: in the space the folded panel gave back.
  await expect(node(page, peer.id)).toBeInViewport(WHOLE);
  const open = await box(page.getByTestId("graph"));
  await node(page, peer.id).click();
  await expect(panel(page)).toBeVisible();
  await expect(panel(page)).toContainText(peer.id);
  await expect(sidePanelButton(page)).toHaveAttribute("aria-expanded", "true");
  // The map gave the panel its room back, and moved so that the chosen node is still seen whole.
  await expect
    .poll(async () => (await box(page.getByTestId("graph"))).width)
    .toBeLessThan(open.width - 200);
  await expect(node(page, peer.id)).toBeInViewport(WHOLE);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: screenshotPath("map-1024-dark-details") });

  await panel(page).getByRole("button", { name: /Close/ }).click();
  await expect(panel(page)).toHaveCount(0);
  await expect(sidePanelButton(page)).toHaveAttribute("aria-expanded", "false");
  // A link to a node (Approvals' names, a shared URL) opens on its details, folded or not.
  await page.goto(`/?selected=${vif.id}`);
  await expect(panel(page)).toBeVisible();
  // Folded over a node's details, it stays folded until another node is chosen.
  await sidePanelButton(page).click();
  await expect(panel(page)).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`selected=${vif.id}`));
  await node(page, peer.id).click();
  await expect(panel(page)).toBeVisible();
  await expect(panel(page)).toContainText(peer.id);
});

/** The bar of search and filters above the map. */
const filterBar = (page: Page) => page.getByRole("search").locator("xpath=..");

/** The filter bar's height and the map's top edge. */
async function layout(page: Page) {
  const bar = await box(filterBar(page));
  const pane = await box(page.getByTestId("graph"));
  return { barHeight: bar.height, paneTop: pane.y };
}

for (const size of [LAPTOP, SMALL]) {
  test(`at ${size.width} × ${size.height} a search's count and Clear filters move neither the filter bar nor the map${size === LAPTOP ? ", which stays one line" : ""}`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await page.goto("/");
    await expect(page.locator(".react-flow__node").first()).toBeVisible();
    const before = await layout(page);
    const search = page.getByRole("searchbox", { name: /search/i });
    await search.fill("private");
    await search.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: /^1 of \d+$/ })).toBeVisible();
    await search.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: /^2 of \d+$/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Next" })).toBeVisible();
    expect(await layout(page)).toEqual(before);
    await page.getByRole("combobox", { name: /state/i }).selectOption("down");
    await expect(page.getByRole("button", { name: "Clear filters" })).toBeVisible();
    expect(await layout(page)).toEqual(before);
    await page.screenshot({ path: screenshotPath(`map-${size.width}-search`) });
    // A search that finds nothing says so, at length, and moves nothing either.
    await search.fill("prod-private");
    await search.press("Enter");
    await expect(
      page.getByRole("status").filter({
        hasText: "Nothing shown matches “prod-private”: 2 hidden by the state or type filter.",
      }),
    ).toBeVisible();
    expect(await layout(page)).toEqual(before);
    await search.fill("no-such-interface");
    await search.press("Enter");
    await expect(
      page.getByRole("status").filter({ hasText: "Nothing matches “no-such-interface”." }),
    ).toBeVisible();
    expect(await layout(page)).toEqual(before);
    if (size === LAPTOP) {
      // One line: every control's middle at the same height.
      const middles = await filterBar(page)
        .locator(":scope > *:visible")
        .evaluateAll((els) =>
          els.map((el) => {
            const r = el.getBoundingClientRect();
            return Math.round(r.top + r.height / 2);
          }),
        );
      expect(Math.max(...middles) - Math.min(...middles)).toBeLessThanOrEqual(4);
    }
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page.getByRole("button", { name: "Clear filters" })).toHaveCount(0);
    expect(await layout(page)).toEqual(before);
  });
}
