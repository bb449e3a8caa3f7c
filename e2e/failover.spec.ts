import { readFileSync } from "node:fs";

import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { failoverTestText } from "@/lib/dx/format";
import { ROUTER_TYPES } from "@/lib/dx/router-types";
import type { DxVirtualInterface } from "@/lib/dx/types";

import { calls, node, panel, topology, vifNamed } from "./estate";
import { control, emulator } from "./emulator-control";
import { photograph } from "./screenshots";
import { bgpAuthKeys } from "./secrets";
import { BASIC_USERS, E2E_SERVERS } from "./servers";

// The failover-test cockpit and the router configuration download, in Chromium against the
// production build: a test previewed (what stays up, what would be cut off), started, shown on the
// map as a test rather than an alarm, stopped and listed; a router configuration saved as a file,
// and refused to a read-only user. They change the default estate, so they run in order from a reset.
test.describe.configure({ mode: "serial", timeout: 90_000 });

/** Waits until the server reads the interfaces in `state` (its cache lets a change through within seconds). */
async function othersAre(
  request: APIRequestContext,
  vifs: readonly DxVirtualInterface[],
  state: string,
) {
  await expect
    .poll(async () => {
      const t = await topology(request);
      return vifs.every((v) => t.virtualInterfaces.find((x) => x.id === v.id)?.state === state);
    })
    .toBe(true);
}

/** The state filter's "Needs attention (N)": what the map counts to act on. */
const attention = (page: Page) =>
  page.getByRole("combobox", { name: /state/i }).locator("option", { hasText: "Needs attention" });

test.beforeAll(async ({ request }) => {
  await control(request, "POST", "/_dxmap/reset", { seed: "default" });
  await control(request, "DELETE", "/_dxmap/faults");
});

test("a failover test: its impact before it starts, then shown as a test (not an alarm) until stopped, and in the history", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  // prod-private and the other interfaces of network's virtual private gateway in us-east-1.
  const vif = vifNamed(t, "prod-private");
  const others = t.virtualInterfaces.filter(
    (v) => v.virtualGatewayId === vif.virtualGatewayId && v.id !== vif.id,
  );
  expect(others.length, "another path to the same gateway").toBeGreaterThan(0);
  const startCalls = await calls(request, "StartBgpFailoverTest");

  // With every other path's BGP down, the test would cut the gateway off: its name must be typed.
  for (const other of others)
    await control(request, "POST", "/_dxmap/bgp", { virtualInterfaceId: other.id, status: "down" });
  await othersAre(request, others, "down");
  await page.goto(`/?selected=${vif.id}`);
  await expect(panel(page)).toContainText("prod-private");
  await panel(page)
    .getByRole("button", { name: /^Test failover/ })
    .click();
  const dialog = page.getByRole("dialog", { name: "Test failover" });
  const target = dialog.getByTestId(`impact-${vif.virtualGatewayId}`);
  await expect(target).toContainText("Cut off");
  await dialog.getByRole("button", { name: "Start test" }).click();
  await expect(dialog.getByText("Type prod-private exactly, as it is named.")).toBeVisible();
  await photograph(page, "failover-test-cut-off");
  expect(await calls(request, "StartBgpFailoverTest"), "refused before any call").toBe(startCalls);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  for (const other of others)
    await control(request, "POST", "/_dxmap/bgp", { virtualInterfaceId: other.id, status: "up" });

  // With them up again, it stays up through them: one click starts it.
  await othersAre(request, others, "available");
  await page.reload();
  await expect(attention(page)).toHaveText(/^Needs attention \(\d+\)$/);
  const before = (await attention(page).textContent())!;
  await panel(page)
    .getByRole("button", { name: /^Test failover/ })
    .click();
  for (const peer of vif.bgpPeers)
    await expect(dialog.getByRole("checkbox", { name: new RegExp(peer.id) })).toBeChecked();
  await expect(dialog.getByLabel("Duration (minutes)")).toHaveValue("180");
  await expect(target).toContainText("Stays up through");
  await expect(target).toContainText(others[0]!.name);
  await expect(dialog.getByLabel(/^Type .* to confirm$/)).toHaveCount(0);
  await dialog.getByLabel("Duration (minutes)").fill("0");
  await expect(dialog.getByText("A test lasts 1 to 4320 minutes (3 days).")).toBeVisible();
  await dialog.getByLabel("Duration (minutes)").fill("45");
  await photograph(page, "failover-test-dialog");
  await dialog.getByRole("button", { name: "Start test" }).click();
  await expect(dialog).toBeHidden();

  // The interface and its sessions say "Failover test · ends HH:MM", in the colour of what AWS
  // moves on, and the sessions down on purpose are not counted as needing attention.
  const testing = vifNamed(await topology(request), "prod-private");
  expect(testing.state).toBe("testing");
  expect(testing.failoverTest?.endsAt).toBeTruthy();
  // The page's own words: "ends 14:32" today, "ends Mon 00:24" when the test runs past midnight.
  const label = failoverTestText(testing.failoverTest);
  await expect(node(page, vif.id)).toContainText(label);
  for (const peer of vif.bgpPeers) {
    const badge = node(page, peer.id).getByText(label);
    await expect(badge).toBeVisible();
    await expect(badge).toHaveAttribute("data-tone", "progress");
    await expect(node(page, peer.id)).not.toContainText("BGP down");
  }
  await expect(panel(page)).toContainText(label);
  await expect(attention(page)).toHaveText(before);
  const history = panel(page).getByTestId("failover-history");
  await expect(history).toContainText("in-progress");
  await expect(history).toContainText("45 min");
  await photograph(page, "failover-test-under-way");

  // Stopped early: the interface is available again, and the history has the test, cancelled (the
  // User Guide's status for a test stopped before its time).
  await panel(page)
    .getByRole("button", { name: /^Stop test/ })
    .click();
  const stop = page.getByRole("dialog", { name: "Stop failover test" });
  await stop.getByRole("button", { name: "Stop test" }).click();
  await expect(stop).toBeHidden();
  await expect(node(page, vif.id)).toContainText("available");
  await expect(node(page, vif.id)).not.toContainText("Failover test");
  const test = history.getByTestId(`failover-test-${testing.failoverTest!.testId}`);
  await expect(test).toContainText("cancelled");
  await expect(test).toContainText("45 min");
  await expect(test).toContainText(/Started .* · ended /);
  for (const peer of vif.bgpPeers) await expect(test).toContainText(peer.id);
  await expect(test).toContainText("Owner network (111111111111)");
});

test("a router configuration is saved as a file that names the interface's VLAN, and never comes with the topology", async ({
  page,
  request,
}) => {
  const vif = vifNamed(await topology(request), "transit-core");
  const router = ROUTER_TYPES.find((r) => r.platform === "SRX Series Routers")!;
  await page.goto(`/?selected=${vif.id}`);
  const topologies: string[] = [];
  page.on("response", async (r) => {
    if (new URL(r.url()).pathname === "/api/topology" && r.status() === 200)
      topologies.push(await r.text().catch(() => ""));
  });
  await panel(page)
    .getByRole("button", { name: /^Router configuration/ })
    .click();
  const dialog = page.getByRole("dialog", { name: "Router configuration" });
  await dialog
    .getByLabel("Router (vendor, platform, software)")
    .selectOption(router.routerTypeIdentifier);
  const served = page.waitForResponse((r) => r.url().includes("/router-configuration?"));
  const saved = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download" }).click();
  const response = await served;
  expect(response.headers()["content-disposition"]).toBe(
    `attachment; filename="${vif.id}-${router.routerTypeIdentifier}.txt"`,
  );
  expect(response.headers()["cache-control"]).toBe("no-store");
  const download = await saved;
  expect(download.suggestedFilename()).toBe(`${vif.id}-${router.routerTypeIdentifier}.txt`);
  const text = readFileSync((await download.path())!, "utf8");
  expect(text).toMatch(new RegExp(`\\b${vif.vlan}\\b`));
  await expect(dialog).toBeHidden();
  // The file carries the interface's auth key; no topology the page read did.
  const keys = await bgpAuthKeys(emulator);
  const inFile = keys.filter((k) => text.includes(k));
  expect(inFile.length).toBeGreaterThan(0);
  topologies.push(await (await request.get("/api/topology")).text());
  for (const body of topologies) {
    for (const key of inFile) expect(body).not.toContain(key);
    expect(body).not.toContain("customerRouterConfig");
  }
});

test("a read-only user sees why there is no router configuration for them, and the route refuses them", async ({
  browser,
  request,
}) => {
  const basic = E2E_SERVERS.basic;
  const vif = vifNamed(await topology(request), "prod-private");
  const context = await browser.newContext({
    httpCredentials: { username: "viewer", password: BASIC_USERS.viewer },
  });
  const page = await context.newPage();
  // The basic dashboard's emulator is seeded alike: the same ids.
  await page.goto(`${basic.url}/?selected=${vif.id}`);
  await expect(panel(page)).toContainText("prod-private");
  const button = panel(page).getByRole("button", { name: /^Router configuration/ });
  await expect(button).toHaveAttribute("aria-disabled", "true");
  await expect(button).toHaveAccessibleDescription(/Read-only access: .*BGP auth key/);
  await expect(panel(page)).toContainText("Read-only access: a router configuration holds");
  // Playwright will not click an aria-disabled button; a person can, and gets no dialog.
  await button.click({ force: true });
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await photograph(page, "router-configuration-read-only");
  await expect(panel(page).getByRole("button", { name: /^Test failover/ })).toHaveCount(0);
  // Its history is a read: shown to the viewer too.
  await expect(panel(page).getByTestId("failover-history")).toContainText("None");
  const refused = await page.evaluate(async (path) => {
    const res = await fetch(path);
    return { status: res.status, body: (await res.json()) as { error: { code: string } } };
  }, `/api/virtual-interfaces/${vif.id}/router-configuration?account=network&region=us-east-1&routerTypeIdentifier=${ROUTER_TYPES[0]!.routerTypeIdentifier}`);
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe("read_only");
  await context.close();
});
