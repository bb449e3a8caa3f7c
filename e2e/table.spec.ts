import { readFileSync } from "node:fs";

import { expect, test, type Page } from "@playwright/test";

import { count } from "@/lib/dx/format";
import type { DxTopology, DxVirtualInterface } from "@/lib/dx/types";

import { screenshotPath } from "./screenshots";
import { largeTopology, LARGE_URL } from "./large";

// The table view (/table) on the generated L estate (5,000 interfaces, 10,000 peers, four accounts
// and regions), and the map's search with qualifiers. Nothing here changes the estate: these run
// beside the other files.
test.use({ baseURL: LARGE_URL });
// Loading L takes seconds on a busy two-core machine.
test.describe.configure({ timeout: 90_000 });

const topology = largeTopology;

const rows = (page: Page) => page.getByTestId("table-row");
const countText = (page: Page) => page.getByTestId("table-count");
const scroller = (page: Page) => page.getByTestId("table-scroll");
const search = (page: Page) => page.getByRole("searchbox", { name: /filter/i });
/** The text of one column of the rows drawn, top to bottom. */
const columnOf = (page: Page, index: number) =>
  page.evaluate(
    (i) =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="table-row"]')]
        .sort((a, b) => Number(a.ariaRowIndex) - Number(b.ariaRowIndex))
        .map((r) => r.children[i]?.textContent ?? ""),
    index,
  );
const VLAN_COLUMN = 4;

/** An interface whose VLAN is also used elsewhere, so that a query by VLAN alone is not enough. */
function sharedVlan(t: DxTopology): DxVirtualInterface {
  const byVlan = new Map<number, number>();
  for (const v of t.virtualInterfaces) byVlan.set(v.vlan!, (byVlan.get(v.vlan!) ?? 0) + 1);
  return t.virtualInterfaces.find((v) => v.region === "eu-west-1" && byVlan.get(v.vlan!)! > 1)!;
}

test("the table lists every interface, scrolls to the last, and sorts by VLAN", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const total = t.virtualInterfaces.length;
  expect(total).toBe(5_000);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Table" }).click();
  await expect(page).toHaveURL(/\/table$/);
  await expect(countText(page)).toHaveText(`${count(total)} interfaces`);
  await expect(page.getByRole("table")).toHaveAttribute("aria-rowcount", String(total + 1));
  // Only the rows in view are drawn.
  expect(await rows(page).count()).toBeLessThan(100);
  await page.screenshot({ path: screenshotPath("table") });

  await scroller(page).evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const last = t.virtualInterfaces.at(-1)!;
  await expect(
    page.locator(`[data-testid="table-row"][aria-rowindex="${total + 1}"]`),
  ).toBeInViewport();
  await expect(page.locator(`[data-testid="table-row"][data-id="${last.id}"]`)).toBeInViewport();

  const vlanHeader = page.getByRole("columnheader", { name: "VLAN" });
  await expect(vlanHeader).toHaveAttribute("aria-sort", "none");
  await vlanHeader.getByRole("button").click();
  await expect(vlanHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(page).toHaveURL(/sort=vlan/);
  await scroller(page).evaluate((el) => el.scrollTo(0, 0));
  const vlans = t.virtualInterfaces.map((v) => v.vlan!).sort((a, b) => a - b);
  await expect
    .poll(async () => (await columnOf(page, VLAN_COLUMN)).slice(0, 5).map(Number))
    .toEqual(vlans.slice(0, 5));
  await vlanHeader.getByRole("button").click();
  await expect(vlanHeader).toHaveAttribute("aria-sort", "descending");
  await expect.poll(async () => Number((await columnOf(page, VLAN_COLUMN))[0])).toBe(vlans.at(-1));
});

test("a query with qualifiers narrows the rows and is in the URL; an unknown one is refused", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const target = sharedVlan(t);
  const query = `vlan:${target.vlan} region:eu-west-1`;
  const expected = t.virtualInterfaces.filter(
    (v) => v.vlan === target.vlan && v.region === "eu-west-1",
  );
  expect(expected.length).toBeLessThan(
    t.virtualInterfaces.filter((v) => v.vlan === target.vlan).length,
  );
  await page.goto("/table");
  await search(page).fill(query);
  await expect(countText(page)).toHaveText(`${expected.length} of 5,000 interfaces`);
  await expect(page).toHaveURL((url) => url.searchParams.get("q") === query);
  // Every row drawn is one of them (only those in view are drawn).
  const drawn = await rows(page).evaluateAll((r) => r.map((x) => (x as HTMLElement).dataset.id));
  expect(drawn.length).toBeGreaterThan(0);
  const ids = new Set(expected.map((v) => v.id));
  expect(drawn.filter((id) => !ids.has(id!))).toEqual([]);

  // The URL restores it.
  await page.reload();
  await expect(search(page)).toHaveValue(query);
  await expect(countText(page)).toHaveText(`${expected.length} of 5,000 interfaces`);

  await search(page).fill("vlan:104 foo:bar");
  await expect(countText(page)).toHaveText(
    'Unknown qualifier "foo:" — use vlan:, conn:, asn:, state:, account:, region:, location:, type:',
  );
  await expect(search(page)).toHaveAttribute("aria-invalid", "true");
});

test("a row's name opens the map with that interface selected", async ({ page, request }) => {
  const t = await topology(request);
  const target = sharedVlan(t);
  const parent =
    t.connections.find((c) => c.id === target.connectionId) ??
    t.lags.find((l) => l.id === target.connectionId)!;
  await page.goto(`/table?q=${encodeURIComponent(`vlan:${target.vlan} conn:${parent.name}`)}`);
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole("link", { name: target.name }).click();
  await expect(page).toHaveURL(
    (url) => url.pathname === "/" && url.searchParams.get("selected") === target.id,
  );
  // The detailed map of L (15,660 nodes) is built and laid out first: seconds on a busy machine.
  await expect(page.getByTestId("details-panel")).toContainText(target.id, { timeout: 30_000 });
  await expect(page.getByTestId(`rf__node-${target.id}`)).toBeInViewport();
});

test("Download CSV holds exactly the rows shown, filtered and sorted", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const shown = t.virtualInterfaces
    .filter((v) => v.region === "eu-west-1" && v.type === "transit")
    .sort((a, b) => b.vlan! - a.vlan!);
  await page.goto("/table?regions=eu-west-1&types=transit&sort=vlan&dir=desc");
  await expect(countText(page)).toHaveText(`${count(shown.length)} of 5,000 interfaces`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/^dxmap-interfaces-\d{8}T\d{6}\.csv$/);
  const csv = readFileSync((await file.path())!, "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toBe(
    "Name,Id,Type,State,VLAN,Connection / LAG,Location,Region,Owner,ASN,Gateway,BGP,MTU",
  );
  expect(lines).toHaveLength(shown.length + 1);
  const ids = lines.slice(1).map((l) => l.match(/,(dxvif-[a-z0-9]+),/)?.[1]);
  const vlans = lines.slice(1).map((l) => Number(l.split(",")[4]));
  expect(new Set(ids)).toEqual(new Set(shown.map((v) => v.id)));
  expect(vlans).toEqual(shown.map((v) => v.vlan));
  expect(lines.slice(1).every((l) => l.includes(",eu-west-1,") && l.includes(",transit,"))).toBe(
    true,
  );
});

test("the BGP peers tab lists every peer, and the query narrows them too", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const peers = t.virtualInterfaces.reduce((n, v) => n + v.bgpPeers.length, 0);
  await page.goto("/table?kind=peers");
  await expect(page.getByRole("tab", { name: "BGP peers" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect(countText(page)).toHaveText(`${count(peers)} BGP peers`);
  const target = sharedVlan(t);
  await search(page).fill(`vlan:${target.vlan} region:eu-west-1`);
  const expected = t.virtualInterfaces
    .filter((v) => v.vlan === target.vlan && v.region === "eu-west-1")
    .reduce((n, v) => n + v.bgpPeers.length, 0);
  await expect(countText(page)).toHaveText(`${expected} of ${count(peers)} BGP peers`);
});

test("the map's search takes qualifiers too, and says which one it does not know", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const target = sharedVlan(t);
  const parent =
    t.connections.find((c) => c.id === target.connectionId) ??
    t.lags.find((l) => l.id === target.connectionId)!;
  await page.goto("/");
  const box = page.getByRole("searchbox", { name: /search/i });
  await box.fill(`VLAN:${target.vlan} conn:${parent.name.toUpperCase()}`);
  await box.press("Enter");
  await expect(page).toHaveURL((url) => url.searchParams.get("selected") === target.id);
  await expect(page.getByTestId(`rf__node-${target.id}`)).toBeInViewport();
  await expect(page.getByTestId("details-panel")).toContainText(target.id);

  await box.fill("region:eu-west-1 colour:blue");
  await box.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Unknown qualifier" })).toHaveText(
    'Unknown qualifier "colour:" — use vlan:, conn:, asn:, state:, account:, region:, location:, type:',
  );
});
