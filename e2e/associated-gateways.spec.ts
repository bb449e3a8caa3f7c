import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import type { DxTopology } from "@/lib/dx/types";

import { photograph } from "./screenshots";
import { E2E_SERVERS } from "./servers";

// The transit and virtual private gateways associated with each Direct Connect gateway, drawn at the
// map's right edge as Network Manager draws them: on the default estate, in real Chromium against the
// production build.
test.describe.configure({ mode: "serial" });

const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);
const panel = (page: Page) => page.getByTestId("details-panel");

async function topology(request: APIRequestContext): Promise<DxTopology> {
  const res = await request.get("/api/topology");
  expect(res.ok()).toBe(true);
  return (await res.json()) as DxTopology;
}

test.beforeAll(async ({ request }) => {
  for (const [method, path, data] of [
    ["POST", "/_dxmap/reset", { seed: "default" }],
    ["DELETE", "/_dxmap/faults", undefined],
  ] as const) {
    const res = await request.fetch(`${E2E_SERVERS.main.emulatorUrl}${path}`, {
      method,
      ...(data ? { data } : {}),
    });
    expect(res.ok(), `${method} ${path}`).toBe(true);
  }
});

test("each associated gateway sits right of its Direct Connect gateway, joined to it, with the association's state", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const associations = t.directConnectGatewayAssociations;
  // Network's core and transit gateways, workload's two: four virtual private, two transit.
  expect(associations.map((a) => a.associatedGatewayType).sort()).toEqual([
    "transitGateway",
    "transitGateway",
    "virtualPrivateGateway",
    "virtualPrivateGateway",
    "virtualPrivateGateway",
    "virtualPrivateGateway",
  ]);
  await page.goto("/");
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
  // The first view, as a person sees it.
  await photograph(page, "associated-gateways-first-view");
  // Fit view moves the view on a later frame: measure once it has moved and stopped (on a loaded
  // machine, the right-most node was read from the first view).
  const viewport = page.locator(".react-flow__viewport");
  const transform = () => viewport.evaluate((e) => getComputedStyle(e).transform);
  const firstView = await transform();
  await page.getByRole("button", { name: /fit view/i }).click();
  let last = firstView;
  await expect
    .poll(async () => {
      const now = await transform();
      const settled = now !== firstView && now === last;
      last = now;
      return settled;
    })
    .toBe(true);
  // A virtual private gateway an interface also uses stays in the gateway column, where its
  // interfaces reach it; the others are drawn at the right edge.
  const usedDirectly = new Set(t.virtualInterfaces.map((v) => v.virtualGatewayId));
  const atTheEdge = associations.filter((a) => !usedDirectly.has(a.associatedGatewayId));
  expect(atTheEdge.length).toBe(4);
  const span = async (id: string) => {
    const box = (await node(page, id).boundingBox())!;
    return { left: box.x, right: box.x + box.width };
  };
  const rightmost = Math.max(
    ...(await page
      .locator(".react-flow__node")
      .evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().x))),
  );
  for (const a of associations) {
    await expect(
      page.getByTestId(`rf__edge-${a.directConnectGatewayId}->${a.associatedGatewayId}`),
      `the edge from ${a.directConnectGatewayId} to ${a.associatedGatewayId}`,
    ).toBeAttached();
  }
  for (const a of atTheEdge) {
    const gateway = node(page, a.associatedGatewayId);
    await expect(gateway).toBeVisible();
    await expect(gateway).toContainText(
      a.associatedGatewayType === "transitGateway" ? "Transit gateway" : "Virtual private gateway",
    );
    await expect(gateway).toContainText(a.associatedGatewayRegion!);
    // The badge: the state in words, in the colour of a working state.
    await expect(gateway.locator('[data-tone="success"]')).toHaveText(
      /^(Association: )?associated$/,
    );
    await expect(gateway.locator('[data-tone="success"]')).toBeVisible();
    const [dxgw, it] = [await span(a.directConnectGatewayId), await span(a.associatedGatewayId)];
    expect(
      it.left,
      `${a.associatedGatewayId} is right of its Direct Connect gateway`,
    ).toBeGreaterThan(dxgw.right);
    expect(it.left, `${a.associatedGatewayId} is in the right-most column`).toBeCloseTo(
      rightmost,
      0,
    );
  }
  await photograph(page, "associated-gateways-fit");
});

test("a transit gateway's details name its Direct Connect gateway, a link that selects it, and back", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const dxgw = t.directConnectGateways.find((g) => g.name === "network-transit-dxgw")!;
  const association = t.directConnectGatewayAssociations.find(
    (a) => a.directConnectGatewayId === dxgw.id,
  )!;
  const tgw = association.associatedGatewayId;
  await page.goto("/");
  const search = page.getByRole("searchbox", { name: /search/i });
  await search.fill(tgw);
  await search.press("Enter");
  await expect(node(page, tgw)).toBeInViewport();
  await node(page, tgw).click();
  await expect(page).toHaveURL(new RegExp(`selected=${tgw}`));
  await expect(panel(page)).toContainText("Transit gateway");
  await expect(panel(page)).toContainText(tgw);
  await expect(panel(page)).toContainText("us-east-1");
  await expect(panel(page)).toContainText("Allowed prefixes: 10.0.0.0/8");
  await photograph(page, "associated-gateway-details");
  // Its Direct Connect gateway, by name, selects it; that one's details lead back.
  await panel(page)
    .getByRole("link", { name: new RegExp(dxgw.name) })
    .click();
  await expect(page).toHaveURL(new RegExp(`selected=${dxgw.id}`));
  await expect(panel(page)).toContainText("Direct Connect gateway");
  await expect(node(page, dxgw.id)).toBeInViewport();
  await photograph(page, "associated-gateways-dxgw");
  await panel(page).getByRole("link", { name: tgw }).click();
  await expect(page).toHaveURL(new RegExp(`selected=${tgw}`));
  await expect(panel(page)).toContainText("Transit gateway");
});
