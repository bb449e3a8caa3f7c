import { expect, test, type Page } from "@playwright/test";

import type { DxTopology } from "@/lib/dx/types";

import { largeTopology, LARGE_URL } from "./large";
import { screenshotPath } from "./screenshots";

// The overview of the generated L estate (500 connections, 5,000 interfaces, four regions): its first
// view, opening its parts, search and zoom. Nothing here changes the estate.
test.use({ baseURL: LARGE_URL });
test.describe.configure({ timeout: 90_000 });

const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);
const count = (n: number) => n.toLocaleString("en-US");

/** A node's place on the overview, in the map's own coordinates (React Flow's transform). */
const placeOf = (page: Page, id: string) =>
  node(page, id).evaluate((el) => (el as HTMLElement).style.transform);

/** Connections and interfaces per region and per location, as the estate has them. */
function shape(t: DxTopology) {
  const memberOf = new Set(t.lags.flatMap((l) => l.memberIds));
  const parents = [...t.connections.filter((c) => !memberOf.has(c.id) && !c.lagId), ...t.lags];
  const where = new Map(parents.map((p) => [p.id, `${p.region}/${p.location}`]));
  const interfaces = new Map<string, number>();
  for (const v of t.virtualInterfaces) {
    const key = where.get(v.connectionId ?? "");
    if (key) interfaces.set(key, (interfaces.get(key) ?? 0) + 1);
  }
  return { parents, interfaces };
}

test("the first view of a large estate is its overview: every region and location on one screen, with counts and health", async ({
  page,
  request,
}) => {
  const t = await largeTopology(request);
  const { interfaces } = shape(t);
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Overview", pressed: true })).toBeVisible({
    timeout: 45_000,
  });
  for (const region of t.regions) {
    const regionNode = node(page, `region:${region}`);
    await expect(regionNode, region).toBeInViewport({ ratio: 0.99 });
    const inRegion = t.virtualInterfaces.filter((v) => v.region === region).length;
    await expect(regionNode).toContainText(`${count(inRegion)} interfaces`);
  }
  for (const [key, n] of interfaces) {
    const location = node(page, key);
    await expect(location, key).toBeInViewport({ ratio: 0.99 });
    await expect(location).toContainText(`${count(n)} interfaces`);
  }
  // Health roll-ups: the estate has sessions down and interfaces awaiting approval.
  const confirming = t.virtualInterfaces.filter((v) => v.state === "confirming").length;
  const shown = await page
    .getByTestId("health")
    .filter({ has: page.getByText(/confirming$/) })
    .allTextContents();
  expect(confirming).toBeGreaterThan(0);
  // The regions' figures add up to the estate's (each location's are counted again by its region).
  const regionFigures = await Promise.all(
    t.regions.map((r) =>
      node(page, `region:${r}`)
        .getByText(/\d+ confirming/)
        .textContent(),
    ),
  );
  expect(regionFigures.reduce((sum, text) => sum + Number(text!.replace(/\D/g, "")), 0)).toBe(
    confirming,
  );
  expect(shown.length).toBeGreaterThan(t.regions.length);
  await page.screenshot({ path: screenshotPath("overview") });
});

test("a location opens into its connections, a connection into its interfaces and peers; nothing above moves", async ({
  page,
  request,
}) => {
  const t = await largeTopology(request);
  const { parents } = shape(t);
  const region = t.regions[0]!;
  // The second location of the region: the first stays above it.
  const [above, opened] = [
    ...new Set(parents.filter((p) => p.region === region).map((p) => p.location)),
  ].sort();
  const aboveKey = `${region}/${above}`;
  const openedKey = `${region}/${opened}`;
  await page.goto("/");
  await expect(node(page, openedKey)).toBeInViewport({ timeout: 45_000 });
  const before = {
    region: await placeOf(page, `region:${region}`),
    above: await placeOf(page, aboveKey),
    opened: await placeOf(page, openedKey),
  };
  // Open it with its button (the keyboard's way).
  await page.getByRole("button", { name: `Open ${opened} (${region})` }).click();
  const conn = parents
    .filter((p) => p.region === region && p.location === opened)
    .sort((a, b) => (a.name < b.name ? -1 : 1))[0]!;
  await expect(node(page, conn.id)).toBeVisible();
  // Nothing above it moved, nor it (what is below went down: lib/topology/overview.test.ts).
  expect(await placeOf(page, `region:${region}`)).toBe(before.region);
  expect(await placeOf(page, aboveKey)).toBe(before.above);
  expect(await placeOf(page, openedKey)).toBe(before.opened);
  await expect(page).toHaveURL(new RegExp(`open=${encodeURIComponent(openedKey)}`));

  // A click on the connection opens it and shows its details; its interfaces come into view.
  const connPlace = await placeOf(page, conn.id);
  await node(page, conn.id).click();
  const vif = t.virtualInterfaces
    .filter((v) => v.connectionId === conn.id)
    .sort((a, b) => (a.vlan ?? 0) - (b.vlan ?? 0))[0]!;
  await expect(node(page, vif.id)).toBeInViewport();
  await expect(node(page, vif.bgpPeers[0]!.id)).toBeVisible();
  expect(await placeOf(page, conn.id)).toBe(connPlace);
  await expect(page.locator("#details-title")).toHaveText(conn.name);
  // What is open is in the URL: a reload shows the same.
  await page.reload();
  await expect(node(page, vif.id)).toBeVisible({ timeout: 45_000 });
  // Closing the connection puts its interfaces away; it stays where it was.
  await page.getByRole("button", { name: `Close ${conn.name}` }).click();
  await expect(node(page, vif.id)).toHaveCount(0);
  await expect(node(page, conn.id)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`open=${encodeURIComponent(openedKey)}(&|$)`));
});

test("search on the overview opens the way to what it finds; a gateway is shown on the detailed map", async ({
  page,
  request,
}) => {
  const t = await largeTopology(request);
  const vif = t.virtualInterfaces.find((v) => v.region === t.regions[2] && v.vlan !== null)!;
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Overview", pressed: true })).toBeVisible({
    timeout: 45_000,
  });
  const search = page.getByRole("searchbox", { name: /search/i });
  await search.fill(vif.id);
  await search.press("Enter");
  await expect(node(page, vif.id)).toBeInViewport();
  await expect(node(page, vif.connectionId!)).toBeVisible();
  await expect(page.getByRole("button", { name: "Overview", pressed: true })).toBeVisible();

  const gateway = t.virtualGateways[0]!;
  await search.fill(gateway.id);
  await search.press("Enter");
  await expect(page.getByRole("button", { name: "Detailed map", pressed: true })).toBeVisible();
  await expect(node(page, gateway.id)).toBeInViewport();
});

test("zoomed far out, the detailed map of a large estate becomes its overview", async ({
  page,
}) => {
  await page.goto("/?mode=detail");
  const zoomOut = page.getByRole("button", { name: "zoom out" });
  await expect(zoomOut).toBeVisible({ timeout: 45_000 });
  await expect(page.getByRole("button", { name: "Detailed map", pressed: true })).toBeVisible();
  // "fit view" of a map 700,000 px tall zooms out past reading: the overview is what fits.
  await page.getByRole("button", { name: "fit view" }).click();
  await expect(page.getByRole("button", { name: "Overview", pressed: true })).toBeVisible();
  await expect(page.getByTestId(/^rf__node-region:/).first()).toBeInViewport();
  await expect(page).toHaveURL(/mode=overview/);
});

test("zoomed in close on the overview, the location under the view's centre opens", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Overview", pressed: true })).toBeVisible({
    timeout: 45_000,
  });
  await expect(page.locator(".react-flow__node-location").first()).toBeVisible();
  await expect(page.locator(".react-flow__node-parent")).toHaveCount(0);
  // The zoom control zooms about the pane's centre, as the wheel does about the pointer.
  const zoomIn = page.getByRole("button", { name: "zoom in" });
  for (let i = 0; i < 6; i++) {
    await zoomIn.click();
    await page.waitForTimeout(150);
  }
  await expect(page.locator(".react-flow__node-parent").first()).toBeVisible();
  await expect(page).toHaveURL(/open=/);
  // One step down only: the view moving to show what opened opens nothing more.
  await page.waitForTimeout(1_000);
  await expect(page.locator(".react-flow__node-vif")).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get("open")!.split(",")).toHaveLength(1);
});
