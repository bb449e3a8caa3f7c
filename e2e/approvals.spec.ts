import { readFileSync } from "node:fs";

import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { count } from "@/lib/dx/format";
import { byNameAndRegion } from "@/lib/dx/rules/approvals";
import type { DxVirtualInterface } from "@/lib/dx/types";

import { largeTopology, LARGE_URL } from "./large";
import { calls, topology } from "./estate";
import { control, emulator } from "./emulator-control";
import { pageErrors } from "./page-errors";
import { screenshotPath } from "./screenshots";

// Approvals at scale: the list filtered, sorted and exported on the L estate (read only, beside the
// other files), and several interfaces approved together on the default estate, each its own call
// to AWS with its own outcome. The approving tests change the default estate, so they run in order
// from a reset, as the journeys do.
test.describe.configure({ mode: "serial", timeout: 90_000 });

const waits = (v: DxVirtualInterface) => v.state === "confirming" && v.ownerAlias !== null;
const approvalRow = (page: Page, id: string) => page.getByTestId(`approval-${id}`);
const listedIds = (page: Page) =>
  page
    .getByTestId(/^approval-dxvif-/)
    .evaluateAll((bodies) => bodies.map((b) => b.getAttribute("data-testid")!.slice(9)));
const searchBox = (page: Page) => page.getByRole("searchbox", { name: /filter/i });

test.describe("on the L estate", () => {
  test.use({ baseURL: LARGE_URL });

  test("filter and sort live in the URL and survive a reload; select all takes the rows listed; the CSV is those rows", async ({
    page,
    request,
  }) => {
    const t = await largeTopology(request);
    const waiting = t.virtualInterfaces.filter(waits);
    expect(waiting.length, "L has interfaces waiting in several places").toBeGreaterThan(20);
    await page.goto("/approvals");
    await expect(page.getByTestId("approvals-count")).toHaveText(
      `${count(waiting.length)} waiting`,
    );

    // A qualifier and a region chosen, sorted by VLAN, highest first.
    const region = waiting[0]!.region;
    const expected = waiting
      .filter((v) => v.region === region && v.type === "private")
      .sort((a, b) => b.vlan! - a.vlan! || a.name.localeCompare(b.name));
    await searchBox(page).fill("type:private");
    await page.getByRole("group", { name: "Regions" }).getByLabel(region).check();
    const vlanHeader = page.getByRole("columnheader", { name: "VLAN" });
    await vlanHeader.getByRole("button").click();
    await vlanHeader.getByRole("button").click();
    await expect(vlanHeader).toHaveAttribute("aria-sort", "descending");
    await expect(page.getByTestId("approvals-count")).toHaveText(
      `${count(expected.length)} of ${count(waiting.length)} waiting`,
    );
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: "type:private",
      regions: region,
      sort: "vlan",
      dir: "desc",
    });
    const vlans = async () =>
      (await listedIds(page)).map((id) => t.virtualInterfaces.find((v) => v.id === id)!.vlan);
    expect(await vlans()).toEqual(expected.map((v) => v.vlan));

    await page.reload();
    await expect(page.getByTestId("approvals-count")).toHaveText(
      `${count(expected.length)} of ${count(waiting.length)} waiting`,
    );
    await expect(searchBox(page)).toHaveValue("type:private");
    await expect(page.getByRole("group", { name: "Regions" }).getByLabel(region)).toBeChecked();
    await expect(page.getByRole("columnheader", { name: "VLAN" })).toHaveAttribute(
      "aria-sort",
      "descending",
    );
    expect(await vlans()).toEqual(expected.map((v) => v.vlan));

    // Select all takes what is listed, not what the filters hide.
    await page.getByLabel(/^Select all \d+ listed$/).check();
    await expect(page.getByTestId("approvals-selected")).toHaveText(
      `${count(expected.length)} selected`,
    );
    await page.getByLabel(`Select ${expected[0]!.name} (${region})`).uncheck();
    await expect(page.getByTestId("approvals-selected")).toHaveText(
      `${count(expected.length - 1)} selected`,
    );
    await expect(page.getByLabel(/^Select all \d+ listed$/)).toHaveJSProperty(
      "indeterminate",
      true,
    );

    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download CSV" }).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toMatch(/^dxmap-approvals-\d{8}T\d{6}\.csv$/);
    const lines = readFileSync((await file.path())!, "utf8")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      "Interface,Interface id,Type,VLAN,Allocated by,Owner,Owner account,Connection,Connection id,Region,State",
    );
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(expected.map((v) => v.id));

    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      await page.setViewportSize(size);
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        // The table stays in its box: nothing makes the page scroll sideways.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          size.width,
        );
        await page.screenshot({
          path: screenshotPath(`approvals-l-${size.width}-${colorScheme}`),
        });
      }
    }
  });

  test("the list is in the page's HTML: its first rows and counts with JavaScript off, as the URL filters them", async ({
    browser,
    request,
  }) => {
    const t = await largeTopology(request);
    const waiting = t.virtualInterfaces.filter(waits).sort(byNameAndRegion);
    const region = waiting[0]!.region;
    const inRegion = waiting.filter((v) => v.region === region);
    // Without scripts, nothing reads the topology in the browser: what shows came with the HTML.
    const context = await browser.newContext({ baseURL: LARGE_URL, javaScriptEnabled: false });
    const page = await context.newPage();
    for (const [path, expected, said] of [
      ["/approvals", waiting, `${count(waiting.length)} waiting`],
      [
        `/approvals?regions=${region}`,
        inRegion,
        `${count(inRegion.length)} of ${count(waiting.length)} waiting`,
      ],
    ] as const) {
      // A page rendered before the server's first read of the estate says "Loading": load again.
      await expect(async () => {
        await page.goto(path);
        expect(await listedIds(page)).toEqual(expected.slice(0, 60).map((v) => v.id));
      }).toPass({ timeout: 20_000 });
      await expect(page.getByTestId("approvals-count")).toHaveText(said);
    }
    await context.close();
  });

  test("the list rendered on the server hydrates without a mismatch, then goes live", async ({
    page,
  }) => {
    // React reports a server render the browser's first render does not match (error #418) and
    // draws the tree again: the server's order and counts must be the browser's.
    const errors = pageErrors(page);
    await page.goto("/approvals?sort=vlan&dir=desc");
    // Selecting waits for the whole topology (the owners' gateways): there, the list is live.
    await expect(page.getByLabel(/^Select all \d+ listed$/)).toBeVisible({ timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    expect(errors).toEqual([]);
  });
});

test.describe("approving several at once", () => {
  test.beforeAll(async ({ request }) => {
    await control(request, "POST", "/_dxmap/reset", { seed: "default" });
  });

  test("three approved together: each its own call, one refused by AWS with its message while the others go ahead, none sent twice", async ({
    page,
    request,
  }) => {
    const t = await topology(request);
    const waiting = t.virtualInterfaces.filter(waits);
    const east = waiting.find((v) => v.name === "workload-app" && v.region === "us-east-1")!;
    const west = waiting.find((v) => v.name === "workload-app" && v.region === "eu-west-1")!;
    const transit = waiting.find((v) => v.name === "workload-transit")!;
    expect([east, west, transit].every(Boolean)).toBe(true);
    // AWS fails the approval of the eu-west-1 one (a server error, with AWS's own message).
    await control(request, "POST", "/_dxmap/faults", {
      operation: "ConfirmPrivateVirtualInterface",
      region: "eu-west-1",
      errorRate: 1,
    });
    try {
      await approveThree(page, request, { east, west, transit });
    } finally {
      await control(request, "DELETE", "/_dxmap/faults");
    }
  });
});

async function approveThree(
  page: Page,
  request: APIRequestContext,
  { east, west, transit }: Record<"east" | "west" | "transit", DxVirtualInterface>,
) {
  await control(request, "DELETE", "/_dxmap/calls");

  await page.goto("/approvals");
  for (const v of [east, west, transit])
    await approvalRow(page, v.id).getByRole("checkbox").check();
  await expect(page.getByTestId("approvals-selected")).toHaveText("3 selected");
  await page.getByRole("button", { name: "Approve selected" }).click();
  const dialog = page.getByRole("dialog", { name: "Approve 3 interfaces" });
  // One gateway per owner and type; private interfaces in two regions share a Direct Connect gateway.
  const privateGateway = dialog.getByLabel("Gateway for workload's private interfaces");
  await expect(privateGateway.locator("option", { hasText: "workload-dxgw" })).toHaveCount(1);
  await expect(privateGateway.locator("optgroup[label='Virtual private gateways']")).toHaveCount(0);
  await privateGateway.selectOption({
    label: (await privateGateway.locator("option", { hasText: "workload-dxgw" }).textContent())!,
  });
  // Nothing is sent while a group lacks its gateway.
  await dialog.getByRole("button", { name: "Approve 3 interfaces" }).click();
  await expect(dialog.getByText("Choose the gateway this interface attaches to.")).toBeVisible();
  expect(await calls(request, "ConfirmPrivateVirtualInterface")).toBe(0);
  const transitGateway = dialog.getByLabel("Gateway for workload's transit interfaces");
  await expect(transitGateway.locator("option", { hasText: "workload-transit-dxgw" })).toHaveCount(
    1,
  );
  await transitGateway.selectOption({
    label: (await transitGateway
      .locator("option", { hasText: "workload-transit-dxgw" })
      .textContent())!,
  });
  await page.screenshot({ path: screenshotPath("approvals-bulk-dialog") });
  await dialog.getByRole("button", { name: "Approve 3 interfaces" }).dblclick();
  await expect(dialog).toHaveCount(0);

  // Each row says how it went: two approved, one refused with AWS's words.
  await expect(approvalRow(page, east.id)).toContainText("Approved");
  await expect(approvalRow(page, transit.id)).toContainText("Approved");
  const refused = approvalRow(page, west.id);
  // The server's reason, AWS's message within it.
  await expect(refused).toContainText(
    "Not approved: The Direct Connect backend failed (DirectConnectServerException): An internal error occurred. Please try again later.",
    { timeout: 20_000 },
  );
  await expect(page.getByRole("status").filter({ hasText: /^Sent 3:/ })).toHaveText(
    "Sent 3: 2 approved, 1 refused by AWS (each refused row says why).",
  );
  await page.screenshot({ path: screenshotPath("approvals-bulk-results") });
  // One call each for the approved (the double click sent nothing more); the refused one as the
  // SDK retries a server error.
  expect(await calls(request, "ConfirmTransitVirtualInterface")).toBe(1);
  const privateCalls = (await (
    await request.get(`${emulator}/_dxmap/calls?operation=ConfirmPrivateVirtualInterface`)
  ).json()) as { total: number; calls: { region: string }[] };
  expect(privateCalls.calls.filter((c) => c.region === "us-east-1")).toHaveLength(1);

  // The refused one is still waiting, and can be tried again.
  await expect(refused.getByRole("checkbox")).toBeEnabled();
  await expect(refused.getByRole("button", { name: /^Approve/ })).toBeVisible();
  // The approved ones moved on in AWS, and on the map.
  const after = await topology(request);
  for (const v of [east, transit])
    expect(after.virtualInterfaces.find((x) => x.id === v.id)!.state).not.toBe("confirming");
  expect(after.virtualInterfaces.find((x) => x.id === west.id)!.state).toBe("confirming");
  await page.goto(`/?selected=${east.id}`);
  await expect(page.getByTestId(`rf__node-${east.id}`)).toContainText(/pending|available/);
  // And they leave the list.
  await page.goto("/approvals");
  await expect(approvalRow(page, west.id)).toBeVisible();
  await expect(approvalRow(page, east.id)).toHaveCount(0);
  await expect(approvalRow(page, transit.id)).toHaveCount(0);
}
