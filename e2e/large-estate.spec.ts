import { expect, test, type Page } from "@playwright/test";

import { awaitingApproval } from "@/lib/dx/rules/approvals";
import type { ResilienceReport } from "@/lib/resilience/types";

import { bandOf } from "./map";
import { largeTopology, LARGE_URL } from "./large";

// The generated L estate (500 connections, 5,000 interfaces, four accounts and regions) on a dashboard
// of its own. Nothing here changes the estate.
test.use({ baseURL: LARGE_URL });
// A first paint at L takes seconds on a busy two-core machine.
test.describe.configure({ timeout: 90_000 });

const topology = largeTopology;

const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);

async function focusBySearch(page: Page, id: string) {
  const search = page.getByRole("searchbox", { name: /search/i });
  await search.fill(id);
  await expect(search).toHaveValue(id);
  await search.press("Enter");
  await expect(node(page, id)).toBeInViewport();
}

test("every virtual private gateway is drawn in its own region's band", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  await page.goto("/");
  // One of each region (test/api/gateway-bands.test.ts checks every gateway of the layout).
  const seen = new Set<string>();
  const sample = t.virtualGateways.filter((g) => {
    const key = g.region;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  expect(sample.length).toBeGreaterThanOrEqual(4);
  for (const g of sample) {
    await focusBySearch(page, g.id);
    expect(await bandOf(page, g.id), g.id).toMatch(new RegExp(`^${g.region} · `));
  }
});

test("a search's match in another region's band is gone to straight: the map neither zooms out on the way nor draws the bands between", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const regions = [...new Set(t.virtualGateways.map((g) => g.region))];
  const [near, far] = [regions[0], regions.at(-1)].map((r) =>
    t.virtualGateways.find((g) => g.region === r)!,
  );
  expect(near!.region).not.toBe(far!.region);
  await page.goto("/");
  // React Flow's map (its controls come with it), not the first frame.
  await expect(page.getByRole("button", { name: "zoom in" })).toBeVisible({ timeout: 45_000 });
  await focusBySearch(page, near!.id);
  // Each frame from here: the view's zoom and how many nodes are drawn.
  await page.evaluate(() => {
    const w = window as unknown as { frames: { zoom: number; nodes: number }[] };
    w.frames = [];
    const sample = () => {
      const style = document.querySelector(".react-flow__viewport")?.getAttribute("style") ?? "";
      w.frames.push({
        zoom: Number(/scale\(([^)]+)\)/.exec(style)?.[1]),
        nodes: document.querySelectorAll(".react-flow__node").length,
      });
      requestAnimationFrame(sample);
    };
    sample();
  });
  await focusBySearch(page, far!.id);
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  const frames = await page.evaluate(
    () => (window as unknown as { frames: { zoom: number; nodes: number }[] }).frames,
  );
  const [before, after] = [frames[0]!, frames.at(-1)!];
  const lowest = Math.min(...frames.map((f) => f.zoom));
  expect(lowest, "the view zoomed out on its way").toBeGreaterThanOrEqual(
    Math.min(before.zoom, after.zoom),
  );
  const most = Math.max(...frames.map((f) => f.nodes));
  expect(most, "nodes drawn on the way").toBeLessThanOrEqual(Math.max(before.nodes, after.nodes));
});

test("a Direct Connect gateway with interfaces in several regions is drawn beside some of them", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const regionsOf = (id: string) =>
    new Set(
      t.virtualInterfaces.filter((v) => v.directConnectGatewayId === id).map((v) => v.region),
    );
  const gateway = [...t.directConnectGateways].sort(
    (a, b) => regionsOf(b.id).size - regionsOf(a.id).size,
  )[0]!;
  const regions = regionsOf(gateway.id);
  expect(regions.size, "the estate has a gateway used from several regions").toBeGreaterThan(1);
  await page.goto(`/?selected=${gateway.id}`);
  // The first read at L can take a while on a busy machine.
  await expect(node(page, gateway.id)).toBeInViewport({ timeout: 45_000 });
  const band = await bandOf(page, gateway.id);
  expect([...regions], `${gateway.id} is in ${band}`).toContain(band.split(" · ")[0]);
});

test("the Resilience page lists every target of the L estate, worst first, and the map outlines its single points of failure", async ({
  page,
  request,
}) => {
  const res = await request.get(`${LARGE_URL}/api/resilience`);
  expect(res.ok()).toBe(true);
  const report = (await res.json()) as ResilienceReport;
  expect(report.targets.length).toBeGreaterThan(50);
  await page.goto("/resilience");
  await expect(page.getByTestId("resilience-count")).toHaveText(`${report.targets.length} listed`, {
    timeout: 30_000,
  });
  // The page's order is the route's: worst first.
  const first = report.targets[0]!;
  await expect(page.locator("tbody tr").first()).toHaveAttribute(
    "data-testid",
    `target-${first.id}`,
  );
  // The first rows come at once, the rest frame by frame: in the end every target is a row.
  await expect(page.locator("tbody tr")).toHaveCount(report.targets.length);
  await expect(page.locator("tbody tr").last()).toHaveAttribute(
    "data-testid",
    `target-${report.targets.at(-1)!.id}`,
  );
  // A target with a single point of failure: on the map, its first one is outlined, and says why.
  const withOne = report.targets.find(
    (t) =>
      t.kind !== "public" &&
      t.singlePointsOfFailure.some((s) => s.kind === "interface" || s.kind === "connection"),
  );
  test.skip(!withOne, "the L estate has no gateway with a single interface or connection to it");
  const point = withOne!.singlePointsOfFailure.find(
    (s) => s.kind === "interface" || s.kind === "connection",
  )!;
  await page.goto(`/?mode=detail&spof=1&selected=${point.id}`);
  const outlined = node(page, point.id);
  await expect(outlined).toBeVisible({ timeout: 30_000 });
  await expect(outlined.locator("[data-spof]")).toHaveCount(1, { timeout: 15_000 });
  await expect(outlined).toHaveAttribute(
    "aria-label",
    new RegExp(`Single point of failure for ${withOne!.name}`),
  );
});

test("the Approvals page of the L estate lists every interface waiting, the first rows at once and the rest after", async ({
  page,
  request,
}) => {
  const waiting = awaitingApproval(await topology(request));
  expect(
    waiting.length,
    "the L estate has more interfaces waiting than a first screen",
  ).toBeGreaterThan(60);
  await page.goto("/approvals");
  const rows = page.locator('[data-testid^="approval-"]');
  await expect(rows.first()).toHaveAttribute("data-testid", `approval-${waiting[0]!.id}`, {
    timeout: 30_000,
  });
  await expect(rows).toHaveCount(waiting.length);
  await expect(rows.last()).toHaveAttribute("data-testid", `approval-${waiting.at(-1)!.id}`);
});
