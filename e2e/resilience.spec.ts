import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { PREVIEW_ROWS } from "@/lib/resilience/page";
import type { ResilienceReport, ResilienceTarget } from "@/lib/resilience/types";

import { control } from "./emulator-control";
import { pageErrors } from "./page-errors";
import { photograph } from "./screenshots";

// Which gateways survive a failure, as a person meets it: the Resilience page, the header's counts, the
// map's model badges and its single points of failure, on the default estate in real Chromium against
// the production build.
// Its first test follows a target through a whole journey: a minute on a busy two-core machine.
test.describe.configure({ mode: "serial", timeout: 60_000 });

test.beforeEach(async ({ request }) => {
  await control(request, "POST", "/_dxmap/reset", { seed: "default" });
  await control(request, "DELETE", "/_dxmap/faults");
});

async function report(request: APIRequestContext): Promise<ResilienceReport> {
  const res = await request.get("/api/resilience");
  expect(res.ok()).toBe(true);
  return (await res.json()) as ResilienceReport;
}

const target = (r: ResilienceReport, name: string): ResilienceTarget => {
  const found = r.targets.find((t) => t.name === name);
  expect(found, name).toBeDefined();
  return found!;
};

const row = (page: Page, id: string) => page.getByTestId(`target-${id}`);

test("the first targets are in the page's HTML, worst first, with the estate's counts, as the URL filters them", async ({
  browser,
  request,
  baseURL,
}) => {
  // Without scripts, nothing reads or analyses the topology in the browser: what shows came with
  // the HTML, made from the server's snapshot.
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  const ids = () =>
    page
      .getByTestId(/^target-/)
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid")!.slice(7)));
  for (const show of ["", "single-points"]) {
    // Loaded until the page and GET /api/resilience are of one snapshot (the reset above is read
    // by the collector within its interval).
    await expect(async () => {
      const r = await report(request);
      const listed = r.targets.filter((t) => !show || t.singlePointsOfFailure.length > 0);
      expect(listed.length).toBeGreaterThan(0);
      await page.goto(show ? `/resilience?show=${show}` : "/resilience");
      expect(await ids()).toEqual(listed.slice(0, PREVIEW_ROWS).map((t) => t.id));
      await expect(page.getByTestId("resilience-summary")).toHaveText(
        `${r.targets.length} targets: ${r.targets.filter((t) => t.degraded).length} degraded, ` +
          `${r.targets.filter((t) => t.paths.length > 0 && ["development", "single"].includes(t.designModel)).length} below high, ` +
          `${r.targets.filter((t) => t.singlePointsOfFailure.length > 0).length} with a single point of failure.`,
        { timeout: 1_000 },
      );
      await expect(page.getByTestId("resilience-count")).toHaveText(
        show ? `${listed.length} of ${r.targets.length} listed` : `${listed.length} listed`,
        { timeout: 1_000 },
      );
    }).toPass({ timeout: 20_000 });
  }
  await context.close();
});

test("the page rendered on the server hydrates without a mismatch, then goes live", async ({
  page,
}) => {
  const errors = pageErrors(page);
  await page.goto("/resilience?sort=name");
  // The filters wait for the browser's own analysis: enabled, the page is live.
  await expect(page.getByRole("combobox", { name: /^Show/ })).toBeEnabled({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
});

test("a target turns degraded when a BGP session on one of its paths goes down, with what alone now cuts it off", async ({
  page,
  request,
}) => {
  const workload = target(await report(request), "workload-dxgw");
  expect([workload.designModel, workload.liveModel]).toEqual(["high", "high"]);

  await page.goto("/resilience");
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", {
    name: /^Resilience/,
  });
  const before = (await link.getAttribute("aria-label")) ?? (await link.innerText());
  await expect(row(page, workload.id).getByText("High · 2 locations")).toBeVisible();
  await expect(row(page, workload.id).getByText("None", { exact: true })).toBeVisible();

  // One of its two paths loses its BGP sessions.
  const victim = workload.paths.find((p) => p.region === "eu-west-1")!;
  await control(request, "POST", "/_dxmap/bgp", {
    virtualInterfaceId: victim.virtualInterfaceId,
    status: "down",
  });

  // The page follows the poll: degraded, which path is down and why, and what alone would cut it off.
  const degraded = row(page, workload.id);
  await expect(degraded.getByText("Degraded · 1 of 2 up")).toBeVisible({ timeout: 15_000 });
  await expect(degraded.getByText(/BGP down on dxpeer-/).first()).toBeVisible();
  for (const kind of ["location", "device", "connection", "interface"])
    await expect(degraded.getByTestId(`spof-${kind}`)).toBeVisible();
  const survivorLocation = "us-east-1/EqDC2";
  await expect(degraded.getByTestId("spof-location")).toContainText(survivorLocation);
  // Worst first: it now leads the degraded ones, above every healthy target.
  const order = await page
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid")));
  const healthy = target(await report(request), "network-transit-dxgw");
  expect(order.indexOf(`target-${workload.id}`)).toBeLessThan(
    order.indexOf(`target-${healthy.id}`),
  );
  // The header counts it.
  const degradedNow = (await report(request)).targets.filter((t) => t.degraded).length;
  await expect(link).toHaveAccessibleName(new RegExp(`Resilience, ${degradedNow} degraded`));
  expect(before).not.toMatch(new RegExp(`${degradedNow} degraded`));
  await photograph(page, "resilience-degraded");

  // Only the degraded, in the URL, kept on reload.
  await page.getByRole("combobox", { name: /^Show/ }).selectOption("degraded");
  await expect(page).toHaveURL(/show=degraded/);
  await page.reload();
  const now = await report(request);
  const degradedCount = now.targets.filter((t) => t.degraded).length;
  await expect(page.getByTestId("resilience-count")).toHaveText(
    `${degradedCount} of ${now.targets.length} listed`,
  );
  await expect(page.locator("tbody tr")).toHaveCount(degradedCount);
  await expect(row(page, healthy.id)).toHaveCount(0);

  // From its row to the map: the gateway, selected, with its model badge saying it.
  await row(page, workload.id).getByRole("link", { name: "workload-dxgw" }).click();
  await expect(page).toHaveURL(new RegExp(`selected=${workload.id}`));
  const gatewayNode = page.getByTestId(`rf__node-${workload.id}`);
  await expect(gatewayNode.getByText("Degraded · 1 of 2 up")).toBeVisible();
  // Its details say it whole: the models and what alone would cut it off.
  const details = page.getByTestId("details-resilience");
  await expect(details.getByText("Degraded · 1 of 2 up")).toBeVisible();
  await expect(details.getByText(survivorLocation)).toBeVisible();
});

test("“Single points of failure” on the map outlines each one and says why on focus", async ({
  page,
  request,
}) => {
  const workload = target(await report(request), "workload-dxgw");
  const victim = workload.paths.find((p) => p.region === "eu-west-1")!;
  const survivor = workload.paths.find((p) => p.region === "us-east-1")!;
  await control(request, "POST", "/_dxmap/bgp", {
    virtualInterfaceId: victim.virtualInterfaceId,
    status: "down",
  });

  await page.goto(`/?mode=detail&selected=${survivor.virtualInterfaceId}`);
  const node = page.getByTestId(`rf__node-${survivor.virtualInterfaceId}`);
  await expect(node).toBeVisible();
  await expect(node.locator("[data-spof]")).toHaveCount(0);

  const toggle = page.getByRole("button", { name: "Single points of failure" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/spof=1/);
  // The surviving interface and its LAG are outlined; on focus the interface says why.
  await expect(node.locator("[data-spof]")).toHaveCount(1);
  await expect(page.getByTestId(`rf__node-${survivor.lagId}`).locator("[data-spof]")).toHaveCount(
    1,
  );
  await node.focus();
  await expect(node.getByText(/Single point of failure for workload-dxgw/)).toBeVisible();
  await expect(node).toHaveAttribute("aria-label", /Single point of failure for workload-dxgw/);
  // Selected, its details say the same, for a second look.
  await expect(
    page.getByTestId("details-resilience").getByText(/Single point of failure for workload-dxgw/),
  ).toBeVisible();
  await photograph(page, "map-single-points-of-failure");

  // Kept on reload; off again.
  await page.reload();
  await expect(page.getByRole("button", { name: "Single points of failure" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(node.locator("[data-spof]")).toHaveCount(1);
  await page.getByRole("button", { name: "Single points of failure" }).click();
  await expect(node.locator("[data-spof]")).toHaveCount(0);
});

test("the single-device trap is flagged: two connections, one AWS device, one failure domain", async ({
  page,
  request,
}) => {
  const trap = target(await report(request), "trap-dxgw");
  // Two connections, two interfaces, but one device.
  expect(new Set(trap.paths.map((p) => p.connectionId)).size).toBe(2);
  expect(new Set(trap.paths.map((p) => p.device)).size).toBe(1);

  await page.goto("/resilience?show=below-high");
  const trapRow = row(page, trap.id);
  await expect(trapRow.getByText("Single device").first()).toBeVisible();
  await expect(trapRow.getByTestId("spof-device")).toContainText(trap.paths[0]!.device);
  await expect(trapRow.getByTestId("spof-device")).toContainText(/one failure domain/);
  // A target in two locations is not listed among those below high.
  const high = target(await report(request), "resilience-high-dxgw");
  await expect(row(page, high.id)).toHaveCount(0);
  await photograph(page, "resilience-single-device-trap");

  // On the map, the gateway's badge says it; the toggle outlines both connections, each saying why.
  await page.goto(`/?mode=detail&spof=1&selected=${trap.id}`);
  await expect(page.getByTestId(`rf__node-${trap.id}`).getByText("Single device")).toBeVisible();
  for (const p of trap.paths) {
    await page.goto(`/?mode=detail&spof=1&selected=${p.connectionId}`);
    const connection = page.getByTestId(`rf__node-${p.connectionId}`);
    await expect(connection.locator("[data-spof]")).toHaveCount(1);
    await expect(connection).toHaveAttribute(
      "aria-label",
      new RegExp(`its AWS device, ${p.device}, for trap-dxgw`),
    );
  }
});

test("a connection moved onto another's device turns a two-device target into the trap", async ({
  page,
  request,
}) => {
  const dev = target(await report(request), "dev-test-dxgw");
  expect(dev.designModel).toBe("development");
  const [a, b] = dev.paths;
  // Through the emulator's control API, as a demo would: b's connection onto a's device.
  await control(request, "POST", "/_dxmap/devices", {
    connectionId: b!.connectionId,
    awsDevice: a!.device,
  });
  await page.goto("/resilience");
  await expect(row(page, dev.id).getByText("Single device").first()).toBeVisible({
    timeout: 20_000,
  });
  const after = target(await report(request), "dev-test-dxgw");
  expect([after.designModel, after.liveModel]).toEqual(["single", "single"]);
});
