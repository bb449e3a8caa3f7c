import { get as httpGet, type IncomingHttpHeaders } from "node:http";
import { gunzipSync } from "node:zlib";

import {
  CreateDirectConnectGatewayAssociationCommand,
  CreateDirectConnectGatewayCommand,
  DirectConnectClient,
} from "@aws-sdk/client-direct-connect";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import type { DxTopology, DxVirtualInterface } from "@/lib/dx/types";

import { bandOf } from "./map";
import { node, panel, topology, vifNamed } from "./estate";
import { control, emulator } from "./emulator-control";
import { pageErrors } from "./page-errors";
import { screenshotPath } from "./screenshots";
import { emulatorAccountKeys } from "./secrets";
import { E2E_SERVERS } from "./servers";

// The journeys a Direct Connect engineer makes every week, in real Chromium against the production
// build and the embedded emulator. They change the emulator's state, so they run in order from a reset.
test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  await control(request, "POST", "/_dxmap/reset", { seed: "default" });
  await control(request, "DELETE", "/_dxmap/faults");
});

test("the topology is sent gzipped once, as the server compressed it, and plain to a client that asks so", async () => {
  const url = `${E2E_SERVERS.main.url}/api/topology`;
  // The estate may move between the two reads (the collector reads every second, and an earlier
  // test's change may still be settling): the two are compared when they are of one version.
  for (let attempt = 1; ; attempt++) {
    // The bytes as sent: gzip made by dxmap (its header names no OS, 0xff; Next's zlib writes 0x03).
    const sent = await new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        httpGet(url, { headers: { "accept-encoding": "gzip" } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        }).on("error", reject);
      },
    );
    expect(sent.headers["content-encoding"]).toBe("gzip");
    expect(sent.headers["x-dxmap-content-encoding"]).toBeUndefined();
    expect([...sent.body.subarray(0, 3)]).toEqual([0x1f, 0x8b, 8]);
    expect(sent.body[9], "gzipped by dxmap, once per estate, not by Next per request").toBe(0xff);
    const viaGzip = JSON.parse(gunzipSync(sent.body).toString("utf8")) as DxTopology;
    const plain = await fetch(url, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    const viaPlain = (await plain.json()) as DxTopology;
    expect(viaGzip.version).toBe(String(sent.headers.etag).slice(1, -1));
    expect(viaGzip.readAt).toBe(sent.headers["x-dx-read-at"]);
    if (viaGzip.version !== viaPlain.version && attempt < 10) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    expect({ ...viaGzip, readAt: "" }).toEqual({ ...viaPlain, readAt: "" });
    expect(viaGzip.virtualInterfaces.length).toBeGreaterThan(0);
    break;
  }
});

test("the map's first load hydrates cleanly and draws from its early read, even when that answers first", async ({
  browser,
}) => {
  // The first read starts from the HTML and can answer before React hydrates the page; a render that
  // showed it then would differ from the server's HTML (React error #418, and the tree drawn twice).
  for (let load = 0; load < 4; load++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = pageErrors(page);
    // Every read of the topology, whole (no version named) or a poll naming one.
    const reads: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/topology")
        reads.push(r.headers()["if-none-match"] ? "poll" : "whole");
    });
    await page.goto("/");
    await expect(page.locator(".react-flow__node").first()).toBeVisible();
    // The map is drawn from the page's early read: no second read of the whole topology (a poll
    // may follow once the first answer is stale), and nothing of the early read is left on the window.
    expect(
      reads.filter((r) => r === "whole"),
      `load ${load + 1}`,
    ).toEqual(["whole"]);
    // Asked for by the HTML's head (a preload), not by the inline script, which waits for the styles.
    expect(
      await page.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .filter((e) => new URL(e.name).pathname === "/api/topology")
          .slice(0, 1)
          .map((e) => (e as PerformanceResourceTiming).initiatorType),
      ),
      `load ${load + 1}`,
    ).toEqual(["link"]);
    expect(
      await page.evaluate(() =>
        Object.keys(window).filter((k) => k.startsWith("__dxEarlyTopology")),
      ),
    ).toEqual([]);
    // The graph's build is timed for DevTools (the name docs/performance.md gives) and the bench: one measure, the latest.
    const builds = await page.evaluate(
      (name) => performance.getEntriesByName(name, "measure").length,
      "dxmap:graph",
    );
    expect(builds, `load ${load + 1}`).toBe(1);
    await page.waitForLoadState("networkidle");
    expect(errors, `load ${load + 1}`).toEqual([]);
    await context.close();
  }
});

test("the map shows both accounts' resources in both regions, each with a state badge", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  await page.goto("/");
  await page.getByRole("button", { name: /fit view/i }).click();
  for (const account of ["network", "workload"]) {
    for (const region of ["us-east-1", "eu-west-1"]) {
      const vif = t.virtualInterfaces.find((v) => v.ownerAlias === account && v.region === region)!;
      await expect(node(page, vif.id), `an interface of ${account} in ${region}`).toBeVisible();
    }
  }
  for (const c of t.connections) await expect(node(page, c.id)).toBeAttached();
  for (const g of t.directConnectGateways) await expect(node(page, g.id)).toBeAttached();
  // One interface, selected in the first view: its badge says its state in words, the peer shows its
  // BGP status. (The README shows this screenshot: the first view, with a node's details.)
  const down = vifNamed(t, "backup-private");
  await page.goto("/");
  await node(page, down.id).click();
  await expect(node(page, down.id)).toContainText("down");
  await expect(node(page, down.id)).toContainText("VLAN 102");
  await expect(node(page, down.bgpPeers[0]!.id)).toContainText("BGP");
  await expect(panel(page)).toContainText("backup-private");
  // The read time changes on every run: masked, so the README's screenshot only changes with the UI.
  await page.screenshot({
    path: screenshotPath("graph"),
    mask: [page.getByText(/^Read at/)],
    maskColor: "#f6f7f9",
  });
});

test("the first view reaches the gateways, under a label naming each region and account", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  await page.goto("/");
  const pane = (await page.getByTestId("graph").boundingBox())!;
  // prod-private's gateway is placed level with it, near the top: all of it is in the first view.
  const gatewayId = vifNamed(t, "prod-private").virtualGatewayId!;
  await expect(node(page, gatewayId)).toBeVisible();
  const gateway = (await node(page, gatewayId).boundingBox())!;
  expect(gateway.x + gateway.width, "the gateway is inside the pane").toBeLessThanOrEqual(
    pane.x + pane.width,
  );
  expect(gateway.y + gateway.height).toBeLessThanOrEqual(pane.y + pane.height);
  // Each region and account is a band with its label; the first is in view.
  const labels = page.getByTestId("map-group");
  await expect(labels.first()).toBeInViewport();
  await expect(labels.first()).toHaveText(
    /^us-east-1 · network\s*\d+ connections? · .*\d+ interfaces? · \d+ gateways?$/,
  );
  await expect(labels.filter({ hasText: "eu-west-1 · network" })).toHaveCount(1);
  // Selecting the interface picks out its edges, the one to its gateway among them.
  await node(page, vifNamed(t, "prod-private").id).click();
  await expect(
    page.getByTestId(`rf__edge-${vifNamed(t, "prod-private").id}->${gatewayId}`),
  ).toHaveClass(/dx-edge-active/);
  await expect(page.locator(".react-flow__edge.dx-edge-active")).toHaveCount(4); // its connection, two peers, its gateway
});

test("each gateway is drawn in a band of its region, or beside its interfaces when it is global", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  await page.goto("/");
  const search = page.getByRole("searchbox", { name: /search/i });
  const show = async (id: string) => {
    await search.fill(id);
    await search.press("Enter");
    await expect(node(page, id)).toBeInViewport();
    return bandOf(page, id);
  };
  // workload's us-east-1 virtual private gateways were drawn under "eu-west-1 · network".
  expect(t.virtualGateways.length).toBeGreaterThanOrEqual(4);
  for (const g of t.virtualGateways)
    expect(await show(g.id), g.id).toMatch(new RegExp(`^${g.region} · `));
  for (const g of t.directConnectGateways) {
    const regions = t.virtualInterfaces
      .filter((v) => v.directConnectGatewayId === g.id)
      .map((v) => v.region);
    expect([...regions, "global"], g.id).toContain((await show(g.id)).split(" · ")[0]);
  }
});

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test("neither the band's name nor the minimap covers what the view was moved to show", async ({
  page,
  request,
}) => {
  const vif = vifNamed(await topology(request), "workload-shared", "eu-west-1");
  const peer = vif.bgpPeers.find((p) => p.addressFamily === "ipv4")!;
  await page.goto("/");
  const search = page.getByRole("searchbox", { name: /search/i });
  await search.fill(peer.amazonAddress!.split("/")[0]!);
  await search.press("Enter");
  await expect(node(page, peer.id)).toBeInViewport();
  const band = page.getByTestId("current-band");
  await expect(band).toHaveText("eu-west-1 · network");
  // The band's name covers no node (of what the pane shows of each).
  const coveredByBand = async () => {
    const b = (await band.boundingBox())!;
    const pane = (await page.getByTestId("graph").boundingBox())!;
    const nodes = await page.locator(".react-flow__node").evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
    return nodes.filter((n) => overlap(n, pane) && overlap(b, clip(n, pane))).length;
  };
  const clip = (n: Box, pane: Box): Box => {
    const x = Math.max(n.x, pane.x);
    const y = Math.max(n.y, pane.y);
    return {
      x,
      y,
      width: Math.min(n.x + n.width, pane.x + pane.width) - x,
      height: Math.min(n.y + n.height, pane.y + pane.height) - y,
    };
  };
  await expect.poll(coveredByBand).toBe(0);
  // The peer found and its interface are clear of the minimap.
  const minimap = page.getByRole("img", { name: "Minimap of the topology" });
  const mini = (await page.locator(".react-flow__minimap").boundingBox())!;
  await expect(minimap).toBeVisible();
  for (const id of [peer.id, vif.id])
    await expect.poll(async () => overlap(mini, (await node(page, id).boundingBox())!)).toBe(false);
  // A node clicked where the minimap covers part of it comes out from under it. Drag the map so that
  // the peer's top right is under the minimap, from a point of the pane where no node is.
  await panel(page).getByRole("button", { name: "Close details" }).click();
  const start = await page.getByTestId("graph").evaluate((pane) => {
    const r = pane.getBoundingClientRect();
    for (let y = r.y + 200; y < r.bottom - 60; y += 20)
      for (let x = r.x + 60; x < r.right - 260; x += 20)
        if (document.elementFromPoint(x, y)?.classList.contains("react-flow__pane"))
          return { x, y };
    return null;
  });
  expect(start, "an empty point of the map to drag from").not.toBeNull();
  const before = (await node(page, peer.id).boundingBox())!;
  const dx = mini.x + 60 - (before.x + before.width);
  const dy = mini.y + 40 - before.y;
  await page.mouse.move(start!.x, start!.y);
  await page.mouse.down();
  await page.mouse.move(start!.x + dx / 2, start!.y + dy / 2, { steps: 5 });
  await page.mouse.move(start!.x + dx, start!.y + dy, { steps: 5 });
  await page.mouse.up();
  const under = (await node(page, peer.id).boundingBox())!;
  expect(overlap(mini, under), "the peer is partly under the minimap").toBe(true);
  await page.mouse.click(under.x + 20, under.y + under.height / 2);
  await expect(panel(page)).toContainText(peer.id);
  await expect
    .poll(async () => overlap(mini, (await node(page, peer.id).boundingBox())!))
    .toBe(false);
});

test("a shared URL restores the filters and the selection", async ({ page, request }) => {
  const t = await topology(request);
  const vif = vifNamed(t, "workload-shared", "eu-west-1");
  await page.goto(`/?regions=eu-west-1&types=private&selected=${vif.id}`);
  await expect(page.getByRole("checkbox", { name: "eu-west-1" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "us-east-1" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "private" })).toBeChecked();
  await expect(panel(page)).toContainText("workload-shared");
  await expect(panel(page)).toContainText(vif.id);
  // Only eu-west-1 is drawn, and no public interface.
  await page.getByRole("button", { name: /fit view/i }).click();
  await expect(node(page, vifNamed(t, "prod-private", "us-east-1").id)).toHaveCount(0);
  await expect(node(page, vifNamed(t, "public-internet", "eu-west-1").id)).toBeHidden();
  // Changing a filter changes the URL, so it can be shared again.
  await page.getByRole("checkbox", { name: "transit" }).check();
  await expect(page).toHaveURL(/types=private%2Ctransit|types=private,transit/);
});

test("down the map, the region and account of what is in view stay named at the top", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  await page.goto("/");
  await expect(page.getByTestId("map-group").first()).toBeInViewport();
  await expect(page.getByTestId("current-band")).toHaveCount(0);
  const search = page.getByRole("searchbox", { name: /search/i });
  for (const [name, region] of [
    ["lag-private", "us-east-1"],
    ["transit-core", "eu-west-1"],
  ] as const) {
    await search.fill(vifNamed(t, name, region).id);
    await search.press("Enter");
    await expect(node(page, vifNamed(t, name, region).id)).toBeInViewport();
    // Named above the map once its own label is out of view; else by that label, in view.
    await expect
      .poll(async () => {
        // Read without waiting: the strip's name comes and goes as the view glides past bands, and a
        // read that waited for one gone hung the poll past its timeout.
        const [named] = await page.getByTestId("current-band").allTextContents();
        return named !== undefined
          ? named
          : await page
              .getByTestId("map-group")
              .filter({ hasText: `${region} · network` })
              .evaluate((label) => {
                const r = label.getBoundingClientRect();
                const pane = document
                  .querySelector('[data-testid="graph"]')!
                  .getBoundingClientRect();
                return r.top >= pane.top && r.bottom <= pane.bottom ? "label in view" : "unnamed";
              });
      })
      .toMatch(new RegExp(`^(${region} · network|label in view)$`));
  }
  // Panned down past the label, the strip above the map names the band.
  await page.goto(`/?selected=${vifNamed(t, "hosted-private", "eu-west-1").bgpPeers[0]!.id}`);
  await expect(page.getByTestId("current-band")).toHaveText("eu-west-1 · network");
});

test("a band's label keeps to the pane's left edge when the map's is panned out of view", async ({
  page,
  request,
}) => {
  const peer = vifNamed(await topology(request), "backup-private").bgpPeers[0]!;
  // Opened on a peer, centred: the map's left edge is out of view.
  await page.goto(`/?selected=${peer.id}`);
  await expect(node(page, peer.id)).toBeInViewport();
  await expect(page.getByText("dx-csva1-secondary")).not.toBeInViewport();
  const label = page.getByTestId("map-group").filter({ hasText: "us-east-1 · network" });
  await expect(label).toBeInViewport();
  const pane = (await page.getByTestId("graph").boundingBox())!;
  await expect.poll(async () => (await label.boundingBox())!.x).toBeGreaterThanOrEqual(pane.x);
});

test("On this map lists each region and owner's band, with what needs attention in it, and takes the view there", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  await page.goto("/");
  const overview = page.getByRole("navigation", { name: "On this map" });
  // The last band holds the Direct Connect gateway no interface uses (a global resource).
  await expect(overview.getByRole("button")).toHaveText([
    /^us-east-1 · network/,
    /^eu-west-1 · network/,
    /^global · workload\s*1 gateway$/,
  ]);
  // eu-west-1's interfaces that need attention, and their sessions that are down.
  const westVifs = t.virtualInterfaces.filter((v) => v.region === "eu-west-1");
  const attentionVif = (v: DxVirtualInterface) =>
    ["confirming", "down", "rejected"].includes(v.state);
  const westAttention =
    westVifs.filter(attentionVif).length +
    westVifs
      .filter((v) => !attentionVif(v))
      .flatMap((v) => v.bgpPeers)
      .filter((p) => p.state === "available" && p.bgpStatus === "down").length;
  expect(westAttention).toBeGreaterThan(0);
  const westBand = overview.getByRole("button", { name: /^eu-west-1 · network/ });
  await expect(westBand).toContainText(`${westAttention} need attention`);
  const west = vifNamed(t, "backup-private", "eu-west-1");
  await expect(node(page, west.id)).not.toBeInViewport();
  await westBand.click();
  await expect(
    page.getByTestId("map-group").filter({ hasText: "eu-west-1 · network" }),
  ).toBeInViewport();
  await expect(node(page, west.id)).toBeInViewport();
});

test("a state filter closes up what it hides, and the view follows it there and back", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const west = vifNamed(t, "backup-private", "eu-west-1");
  const westTransit = vifNamed(t, "transit-core", "eu-west-1");
  await page.goto("/");
  await expect(node(page, vifNamed(t, "backup-private").id)).toBeInViewport();
  // Unfiltered, eu-west-1's band starts below the first view.
  await expect(node(page, west.id)).not.toBeInViewport();
  // Somewhere down the map, on an interface the filter will hide.
  const search = page.getByRole("searchbox", { name: /search/i });
  await search.fill(westTransit.id);
  await search.press("Enter");
  await expect(node(page, westTransit.id)).toBeInViewport();
  // Filtered, the view goes to the filtered map's start: both regions' matches, nothing empty.
  await page.getByRole("combobox", { name: /state/i }).selectOption("down");
  await expect(node(page, vifNamed(t, "backup-private").id)).toBeInViewport();
  await expect(node(page, west.id)).toBeInViewport();
  await expect(node(page, vifNamed(t, "prod-private").id)).toHaveCount(0);
  await expect(
    page.getByTestId("map-group").filter({ hasText: "eu-west-1 · network" }),
  ).toContainText(/1 connection · 2 interfaces/);
  // A search for what the filter hides says so, rather than that nothing matches.
  await search.fill("prod-private");
  await search.press("Enter");
  await expect(
    page.getByRole("status").filter({
      hasText: "Nothing shown matches “prod-private”: 2 hidden by the state or type filter.",
    }),
  ).toBeVisible();
  // Cleared, the view goes back to the selected interface, where the whole map has it.
  await page.getByRole("combobox", { name: /state/i }).selectOption("");
  await expect(node(page, westTransit.id)).toBeInViewport();
});

test("filters that match nothing say so, and Clear filters brings the whole map back", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  // workload has no public interface in the default estate.
  expect(
    t.virtualInterfaces.some((v) => v.type === "public" && v.visibleTo.includes("workload")),
  ).toBe(false);
  await page.goto("/?accounts=workload&types=public");
  const nothing = page.getByTestId("nothing-shown");
  await expect(nothing).toContainText("Nothing matches these filters.");
  await nothing.getByRole("button", { name: "Clear filters" }).click();
  await expect(nothing).toHaveCount(0);
  await expect(node(page, vifNamed(t, "prod-private").id)).toBeInViewport();
  await expect(page).toHaveURL((url) => url.search === "");
  // With no filter set, the bar offers no Clear filters; with one, it does.
  await expect(page.getByRole("button", { name: "Clear filters" })).toHaveCount(0);
  await page.getByRole("combobox", { name: /state/i }).selectOption("down");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page.getByRole("combobox", { name: /state/i })).toHaveValue("");
});

test("Needs attention shows what to act on: interfaces awaiting approval and sessions down, and counts them", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  await page.goto("/");
  const state = page.getByRole("combobox", { name: /state/i });
  // The count is of things to act on: interfaces awaiting approval or down, and sessions down on
  // interfaces that are not (a session of an interface that is down is the same problem).
  const attentionVif = (v: DxVirtualInterface) =>
    ["confirming", "down", "rejected"].includes(v.state);
  const interfaces = t.virtualInterfaces.filter(attentionVif).length;
  // A session counts as down on a peer AWS has set up (available), not one still coming up or going.
  const peersDown = t.virtualInterfaces
    .filter((v) => !attentionVif(v))
    .flatMap((v) => v.bgpPeers)
    .filter((p) => p.state === "available" && p.bgpStatus === "down").length;
  // (A hosted connection declined, rejected, needs nothing more.)
  const connections =
    t.connections.filter((c) => ["down", "ordering"].includes(c.state)).length +
    t.lags.filter((l) => ["down", "rejected"].includes(l.state)).length;
  expect(interfaces).toBeGreaterThan(0);
  await expect(state.locator("option", { hasText: "Needs attention" })).toHaveText(
    `Needs attention (${interfaces + peersDown + connections})`,
  );
  await state.selectOption({ label: `Needs attention (${interfaces + peersDown + connections})` });
  await expect(page).toHaveURL(/[?&]states=attention/);
  await expect(node(page, vifNamed(t, "workload-app").id)).toBeVisible(); // awaiting workload's approval
  await expect(node(page, vifNamed(t, "backup-private").id)).toBeVisible(); // its BGP session is down
  await expect(node(page, vifNamed(t, "prod-private").id)).toHaveCount(0); // healthy
  // The choice is in the URL: a shared link opens on the same view.
  await page.reload();
  await expect(state).toHaveValue("attention");
  await expect(node(page, vifNamed(t, "prod-private").id)).toHaveCount(0);
  // With a type filter, the count is of that type: no public interface needs attention here.
  expect(t.virtualInterfaces.some((v) => v.type === "public" && attentionVif(v))).toBe(false);
  await page.getByRole("checkbox", { name: "public" }).check();
  await expect(state.locator("option", { hasText: "Needs attention" })).toHaveText(
    `Needs attention (${connections})`,
  );
});

test("the minimap can be put away, and brought back", async ({ page }) => {
  await page.goto("/");
  const minimap = page.getByLabel("Minimap of the topology");
  await expect(minimap).toBeVisible();
  await page.getByRole("button", { name: "hide minimap" }).click();
  await expect(minimap).toHaveCount(0);
  await page.getByRole("button", { name: "show minimap" }).click();
  await expect(minimap).toBeVisible();
  // On a 1280 px laptop it would sit on the first view's peers: it starts put away there.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/");
  await expect(page.getByRole("button", { name: "show minimap" })).toBeVisible();
  await expect(minimap).toHaveCount(0);
  await page.getByRole("button", { name: "show minimap" }).click();
  await expect(minimap).toBeVisible();
});

test("in the dark theme, a hovered map control keeps its icon visible", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  const zoomIn = page.getByRole("button", { name: /zoom in/i });
  await zoomIn.hover();
  // Chromium gives colours as rgb(…) or, for color-mix(), color(srgb …) in 0-1.
  const rgb = (css: string) => {
    const n = css.match(/[\d.]+/g)!.map(Number);
    return css.startsWith("color(") ? n.slice(0, 3).map((x) => x * 255) : n.slice(0, 3);
  };
  const luminance = ([r, g, b]: number[]) =>
    [r!, g!, b!]
      .map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4))
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
  await expect
    .poll(async () => {
      const { color, background } = await zoomIn.evaluate((el) => ({
        color: getComputedStyle(el).color,
        background: getComputedStyle(el).backgroundColor,
      }));
      const [a, b] = [luminance(rgb(color)), luminance(rgb(background))].sort((x, y) => y - x);
      return (a! + 0.05) / (b! + 0.05);
    })
    .toBeGreaterThan(4.5);
});

test("filtered to the account an interface was allocated to, its connection keeps its real state", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  // workload-app, allocated to workload, sits on a connection of network's.
  const parent = t.connections.find((c) => c.id === vifNamed(t, "workload-app").connectionId)!;
  expect(parent.account).toBe("network");
  await page.goto(`/?accounts=workload&selected=${parent.id}`);
  await expect(panel(page)).toContainText(parent.name);
  await expect(panel(page)).not.toContainText("no credentials");
  await expect(node(page, parent.id)).toContainText(parent.state);
  await expect(node(page, parent.id)).not.toContainText("Not readable");
});

test("a virtual gateway's details name the interfaces that use it", async ({ page, request }) => {
  const t = await topology(request);
  const prod = vifNamed(t, "prod-private");
  expect(prod.virtualGatewayId).toBeTruthy();
  const users = t.virtualInterfaces.filter((v) => v.virtualGatewayId === prod.virtualGatewayId);
  await page.goto(`/?selected=${prod.virtualGatewayId}`);
  await expect(panel(page)).toContainText("Virtual private gateway");
  for (const v of users) {
    await expect(panel(page).getByRole("listitem").filter({ hasText: v.id })).toContainText(
      `${v.name} ${v.id} (${v.state})`,
    );
  }
});

test("the map works from the keyboard: Tab to a node, Enter opens its details", async ({
  page,
}) => {
  await page.goto("/?regions=us-east-1");
  const first = page.locator(".react-flow__node").first();
  await expect(first).toBeVisible();
  await first.focus();
  await expect(first).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(panel(page)).toBeVisible();
  await expect(page).toHaveURL(/selected=/);
});

test("Escape closes the details and hands focus back to the node", async ({ page, request }) => {
  const vif = vifNamed(await topology(request), "prod-private");
  await page.goto(`/?selected=${vif.id}`);
  await expect(panel(page)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(panel(page)).toHaveCount(0);
  await expect(page).not.toHaveURL(/selected=/);
  await expect(node(page, vif.id)).toBeFocused();
  // Enter opens it again from there, and takes focus to the details (not every later node's Tab
  // away); Close does the same as Escape.
  await page.keyboard.press("Enter");
  await expect(panel(page)).toBeVisible();
  await expect(panel(page).getByRole("heading", { level: 2 })).toBeFocused();
  await panel(page).getByRole("button", { name: /Close/ }).click();
  await expect(panel(page)).toHaveCount(0);
  await expect(node(page, vif.id)).toBeFocused();
  // Escape on the focused node itself (React Flow blurs a node it deselects) keeps the focus there,
  // and the focused node shows it.
  await page.keyboard.press("Enter");
  await expect(panel(page)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(panel(page)).toHaveCount(0);
  await expect(node(page, vif.id)).toBeFocused();
  await expect(node(page, vif.id)).toHaveCSS("outline-style", "solid");
});

test("search by VLAN focuses the interface", async ({ page, request }) => {
  const t = await topology(request);
  await page.goto("/?regions=us-east-1");
  await page.getByRole("searchbox", { name: /search/i }).fill("410");
  await page.getByRole("button", { name: "Find" }).click();
  await expect(panel(page)).toContainText(vifNamed(t, "workload-app").id);
  await expect(page).toHaveURL(new RegExp(`selected=${vifNamed(t, "workload-app").id}`));
  // Enter on the node already chosen, then a search by Enter: focus stays in the search box (only
  // the key that chose a node takes focus to its details).
  await node(page, vifNamed(t, "workload-app").id).focus();
  await page.keyboard.press("Enter");
  const search = page.getByRole("searchbox", { name: /search/i });
  await search.fill(vifNamed(t, "prod-private").id);
  await search.press("Enter");
  await expect(panel(page)).toContainText(vifNamed(t, "prod-private").id);
  await expect(search).toBeFocused();
  // From the search to what it found by keyboard: past Find, a link to the details (hidden until focused).
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const toDetails = page.getByRole("link", { name: "To the details" });
  await expect(toDetails).toBeFocused();
  await expect(toDetails).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(panel(page).getByRole("heading", { level: 2 })).toBeFocused();
});

test("the same search again goes on to the next match, and says which of how many", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const shared = t.virtualInterfaces.filter((v) => v.name === "workload-shared");
  expect(shared.length, "workload-shared in both regions").toBeGreaterThan(1);
  await page.goto("/");
  const search = page.getByRole("searchbox", { name: /search/i });
  await search.fill("workload-shared");
  await search.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: /^1 of \d+/ })).toBeVisible();
  const first = new URL(page.url()).searchParams.get("selected");
  await search.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: /^2 of \d+/ })).toBeVisible();
  const second = new URL(page.url()).searchParams.get("selected");
  expect(second).not.toBe(first);
  expect(shared.map((v) => v.id)).toEqual(expect.arrayContaining([first, second]));
});

test("an interface awaiting approval offers the way to approve it, and no peer AWS would refuse", async ({
  page,
  request,
}) => {
  const app = vifNamed(await topology(request), "workload-app");
  expect(app.state).toBe("confirming");
  await page.goto(`/?selected=${app.id}`);
  const add = panel(page).getByRole("button", { name: "Add BGP peer" });
  await expect(add).toHaveAttribute("aria-disabled", "true");
  await expect(panel(page)).toContainText("awaits its owner's approval");
  // Playwright will not click an aria-disabled button; a person can, and gets no dialog.
  await add.click({ force: true });
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(panel(page).getByRole("button", { name: "Approve workload-app" })).toBeVisible();
  await panel(page).getByRole("link", { name: "All approvals" }).click();
  await expect(page).toHaveURL(/\/approvals$/);
  await expect(page.getByRole("row").filter({ hasText: "workload-app" }).first()).toBeVisible();
});

test("approve an interface from the map, where it was found", async ({ page, request }) => {
  const app = vifNamed(await topology(request), "workload-app", "eu-west-1");
  expect(app.state).toBe("confirming");
  await page.goto(`/?selected=${app.id}`);
  await panel(page).getByRole("button", { name: "Approve workload-app" }).click();
  const dialog = page.getByRole("dialog");
  const gateway = dialog.getByLabel("Gateway");
  const choices = (
    await gateway
      .locator("option")
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))
  ).filter(Boolean);
  await gateway.selectOption(choices[0]!);
  await dialog.getByRole("button", { name: "Approve interface" }).click();
  await expect(dialog).toHaveCount(0);
  // Focus stays in the details (the button is gone once the interface moves on), and the map follows it.
  await expect(panel(page).getByRole("heading", { level: 2 })).toBeFocused();
  await expect(node(page, app.id)).toContainText(/pending|available/);
  await expect(panel(page).getByRole("button", { name: "Approve workload-app" })).toHaveCount(0);
});

test("a hosted connection that carries its interface offers no second one, and says why", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const hosted = t.connections.find((c) => c.name === "hosted-csva1-megaport")!;
  const taken = t.virtualInterfaces.find((v) => v.connectionId === hosted.id)!;
  await page.goto(`/?selected=${hosted.id}`);
  await expect(panel(page)).toContainText(
    `A hosted connection carries one interface: ${taken.name} (${taken.id}) uses this one.`,
  );
  await expect(panel(page).getByRole("button", { name: "Create interface" })).toHaveCount(0);
  // A dedicated connection still offers it.
  await page.goto(`/?selected=${t.connections.find((c) => c.name === "dx-eqdc2-primary")!.id}`);
  await expect(panel(page).getByRole("button", { name: "Create interface" })).toBeVisible();
});

test("the approve dialog says when the owner's gateways could not be read, rather than that it has none", async ({
  page,
  request,
}) => {
  await control(request, "POST", "/_dxmap/faults", {
    account: "workload",
    region: "us-east-1",
    operation: "DescribeVirtualGateways",
    errorRate: 1,
  });
  try {
    await expect
      .poll(async () => (await topology(request)).errors.length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.goto("/approvals");
    const row = page
      .getByRole("row")
      .filter({ hasText: "workload-app" })
      .filter({ hasText: "us-east-1" });
    await row.getByRole("button", { name: /^Approve/ }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText(
      "workload's gateways could not all be read, so some may be missing here (DescribeVirtualGateways failed:",
    );
    // What was read is still offered: its Direct Connect gateway.
    await expect(
      dialog.getByLabel("Gateway").locator("option", { hasText: "workload-dxgw" }),
    ).toHaveCount(1);
    await dialog.getByRole("button", { name: "Cancel" }).click();
  } finally {
    await control(request, "DELETE", "/_dxmap/faults");
  }
});

test("approve the allocated interface and watch it become available", async ({ page, request }) => {
  const t = await topology(request);
  const app = vifNamed(t, "workload-app");
  await page.goto("/approvals");
  const row = page
    .getByRole("row")
    .filter({ hasText: "workload-app" })
    .filter({ hasText: "us-east-1" });
  await expect(row).toContainText("confirming");
  await row.getByRole("button", { name: /^Approve/ }).click();
  const dialog = page.getByRole("dialog");
  const gateway = dialog.getByLabel("Gateway");
  // The Direct Connect gateways are offered once their associations are read (AWS: one call per gateway).
  await expect(gateway.locator("option", { hasText: "workload-dxgw" })).toHaveCount(1);
  const labels = await gateway.locator("option").allTextContents();
  await gateway.selectOption({ label: labels.find((l) => l.includes("workload-dxgw"))! });
  await page.screenshot({ path: screenshotPath("approvals") });
  await dialog.getByRole("button", { name: "Approve interface" }).click();
  await expect(page.getByText(/Approved/).first()).toBeVisible();
  // Focus stays on the row it acted on, not on the page's body.
  await expect(page.locator(`#approved-${app.id}`)).toBeFocused();
  await page.goto(`/?selected=${app.id}`);
  await expect(node(page, app.id)).toContainText(/pending|available/);
  await expect(node(page, app.id)).toContainText("available", { timeout: 20_000 });
  // Its details name the gateway it attached to and list its BGP peers; the gateway's name it.
  await expect(panel(page)).toContainText("workload-dxgw");
  await expect(panel(page)).toContainText(/IPv4 · ASN 65100/);
  const dxgw = (await topology(request)).directConnectGateways.find(
    (g) => g.name === "workload-dxgw",
  )!;
  await page.goto(`/?selected=${dxgw.id}`);
  // Its attachments are read when its details open, and again while they move on.
  const attached = panel(page)
    .getByRole("list", { name: "Attached interfaces" })
    .getByRole("listitem")
    .filter({ hasText: "workload-app" })
    .filter({ hasText: "us-east-1" });
  await expect(attached).toContainText(/attaching|attached/);
  await expect(attached.getByTitle("Attachment: attached")).toBeVisible({ timeout: 20_000 });
  const associated = panel(page)
    .getByRole("list", { name: "Associated gateways" })
    .getByRole("listitem");
  await expect(associated).toHaveCount(2);
  await expect(associated.first()).toContainText("virtual private gateway");
  await expect(associated.first().getByTitle("Association: associated")).toBeVisible();
});

test("a transit interface's approval offers only the owner's gateway with a transit gateway behind it", async ({
  page,
}) => {
  await page.goto("/approvals");
  const row = page.getByRole("row").filter({ hasText: "workload-transit" });
  await row.getByRole("button", { name: /^Approve/ }).click();
  const dialog = page.getByRole("dialog");
  // Read when the dialog opens: which of workload's gateways AWS would take a transit interface on.
  await expect(
    dialog.getByText("workload's Direct Connect gateways: a transit interface attaches to one."),
  ).toBeVisible();
  const gateway = dialog.getByLabel("Gateway");
  await expect(gateway.locator("option", { hasText: "workload-transit-dxgw" })).toHaveCount(1);
  // workload-dxgw has virtual private gateways behind it: AWS refuses a transit interface there.
  await expect(gateway.locator("option", { hasText: /^workload-dxgw/ })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();
});

test("when the gateways' associations cannot be read, the approve dialog says so and offers every gateway the map does not rule out", async ({
  page,
  request,
}) => {
  await control(request, "POST", "/_dxmap/faults", {
    account: "workload",
    operation: "DescribeDirectConnectGatewayAssociations",
    errorRate: 1,
  });
  try {
    await page.goto("/approvals");
    await page
      .getByRole("row")
      .filter({ hasText: "workload-transit" })
      .getByRole("button", { name: /^Approve/ })
      .click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText(
      "Which of workload's Direct Connect gateways take a transit interface could not be read (",
      { timeout: 15_000 },
    );
    // AWS's answer to a wrong choice is its refusal, shown in the dialog: nothing is hidden on a guess.
    // What the map itself reads still counts: workload-dxgw has private interfaces attached, and AWS
    // refuses a transit interface there.
    const gateway = dialog.getByLabel("Gateway");
    await expect(gateway.locator("option", { hasText: "workload-transit-dxgw" })).toHaveCount(1);
    await expect(gateway.locator("option", { hasText: /^workload-dxgw/ })).toHaveCount(0);
    await dialog.getByRole("button", { name: "Cancel" }).click();
  } finally {
    await control(request, "DELETE", "/_dxmap/faults");
  }
});

test("a gateway chosen while the associations could not be read is dropped once they say AWS would refuse it", async ({
  page,
  request,
}) => {
  await control(request, "POST", "/_dxmap/faults", {
    account: "workload",
    operation: "DescribeDirectConnectGatewayAssociations",
    errorRate: 1,
  });
  // A gateway for disaster recovery, as workload makes it with AWS's own client: a virtual private
  // gateway behind it and no interface yet, so only its associations rule out a transit interface.
  const t = await topology(request);
  const keys = emulatorAccountKeys()[1]!;
  const aws = new DirectConnectClient({
    region: "us-east-1",
    endpoint: emulator,
    credentials: keys,
  });
  const dr = await aws.send(
    new CreateDirectConnectGatewayCommand({
      directConnectGatewayName: "workload-dr-dxgw",
      amazonSideAsn: 64530,
    }),
  );
  const spare = t.virtualGateways.filter(
    (g) =>
      g.account === "workload" &&
      g.region === "us-east-1" &&
      !t.virtualInterfaces.some((v) => v.virtualGatewayId === g.id),
  );
  let associated = false;
  for (const g of spare) {
    try {
      await aws.send(
        new CreateDirectConnectGatewayAssociationCommand({
          directConnectGatewayId: dr.directConnectGateway!.directConnectGatewayId!,
          gatewayId: g.id,
        }),
      );
      associated = true;
      break;
    } catch {
      // Associated with another gateway already: the next.
    }
  }
  expect(associated, "a virtual private gateway of workload's to put behind it").toBe(true);
  // Made behind dxmap's back: on the map once its cached list of gateways has expired. Waited for, so
  // that the dialog offers it from the start (the topology also reads the associations now, and a poll
  // that meets the fault must not be what first shows it).
  await expect
    .poll(async () =>
      (await topology(request)).directConnectGateways.some((g) => g.name === "workload-dr-dxgw"),
    )
    .toBe(true);
  let faulty = true;
  try {
    await page.goto("/approvals");
    await page
      .getByRole("row")
      .filter({ hasText: "workload-transit" })
      .getByRole("button", { name: /^Approve/ })
      .click();
    const dialog = page.getByRole("dialog");
    const gateway = dialog.getByLabel("Gateway");
    await expect(dialog).toContainText("could not be read (", { timeout: 15_000 });
    // workload-dr-dxgw has a virtual private gateway behind it (and no interface the map would see):
    // AWS would refuse a transit interface there.
    await gateway.selectOption({ label: "workload-dr-dxgw" });
    await control(request, "DELETE", "/_dxmap/faults");
    faulty = false;
    // Read again (every 15 s while the dialog is open): the choice goes with the option, not only from view.
    await expect(gateway.locator("option", { hasText: /^workload-dr-dxgw/ })).toHaveCount(0, {
      timeout: 25_000,
    });
    await expect(gateway).toHaveValue("");
    await control(request, "DELETE", "/_dxmap/calls");
    await dialog.getByRole("button", { name: "Approve interface" }).click();
    await expect(dialog.getByText("Choose the gateway this interface attaches to.")).toBeVisible();
    const calls = (await (
      await request.get(`${emulator}/_dxmap/calls?operation=ConfirmTransitVirtualInterface`)
    ).json()) as { total: number };
    expect(calls.total, "no call reached AWS").toBe(0);
  } finally {
    if (faulty) await control(request, "DELETE", "/_dxmap/faults");
  }
});

test("a gateway's lists that cannot be read again stay, saying when they were read; Refresh reads them again", async ({
  page,
  request,
}) => {
  const dxgw = (await topology(request)).directConnectGateways.find(
    (g) => g.name === "network-core-dxgw",
  )!;
  await page.goto(`/?selected=${dxgw.id}`);
  const attached = panel(page).getByRole("list", { name: "Attached interfaces" });
  await expect(attached.getByRole("listitem")).toHaveCount(2);
  await control(request, "POST", "/_dxmap/faults", {
    account: "network",
    operation: "DescribeDirectConnectGatewayAttachments",
    errorRate: 1,
  });
  try {
    // Refresh reads them again (once the server's 2 s cache of the last read has passed).
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(panel(page)).toContainText(
        /Could not read them again \(.+\): showing what was read at \d\d:\d\d:\d\d\./,
        { timeout: 4_000 },
      );
    }).toPass({ timeout: 20_000 });
    await expect(attached.getByRole("listitem")).toHaveCount(2);
  } finally {
    await control(request, "DELETE", "/_dxmap/faults");
  }
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(panel(page)).not.toContainText("Could not read them again", { timeout: 4_000 });
  }).toPass({ timeout: 20_000 });
});

test("add an IPv6 peer and see the addresses AWS assigned", async ({ page, request }) => {
  const lag = vifNamed(await topology(request), "lag-private");
  await page.goto(`/?selected=${lag.id}`);
  await panel(page).getByRole("button", { name: "Add BGP peer" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Address family").selectOption("ipv6");
  await expect(dialog.getByLabel("Amazon address")).toHaveCount(0);
  await expect(dialog).toContainText(/AWS assigns/i);
  // An exponent is not an ASN; asdot (as routers may show it) is: 0.64600 is 64600.
  await dialog.getByLabel("ASN").fill("1e3");
  await expect(
    dialog.getByText("ASN must be a whole number like 65000, or asdot like 1.10."),
  ).toBeVisible();
  await dialog.getByLabel("ASN").fill("0.64600");
  await expect(
    dialog.getByText("ASN must be a whole number like 65000, or asdot like 1.10."),
  ).toHaveCount(0);
  await dialog.getByLabel("ASN").fill("64600");
  await page.screenshot({ path: screenshotPath("add-peer-form") });
  await dialog.getByLabel("ASN").fill("0.64600");
  await dialog.getByRole("button", { name: "Create peer" }).click();
  await expect(page.getByText(/BGP peer added/).first()).toBeVisible();
  const after = vifNamed(await topology(request), "lag-private");
  const v6 = after.bgpPeers.find((p) => p.addressFamily === "ipv6")!;
  expect(v6.asn).toBe(64600);
  expect(v6.amazonAddress).toMatch(/\/125$/);
  await expect(node(page, v6.id)).toContainText(v6.amazonAddress!);
  await expect(node(page, v6.id)).toContainText(v6.customerAddress!);
});

test("a second peer of the same family is refused before any call", async ({ page, request }) => {
  const lag = vifNamed(await topology(request), "transit-core");
  await page.goto(`/?selected=${lag.id}`);
  await panel(page).getByRole("button", { name: "Add BGP peer" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Address family").selectOption("ipv4");
  await dialog.getByLabel("ASN").fill("65000");
  await expect(dialog).toContainText(/already has an IPv4 peer/i);
});

test("delete a peer after confirming", async ({ page, request }) => {
  const dual = vifNamed(await topology(request), "prod-private");
  const v6 = dual.bgpPeers.find((p) => p.addressFamily === "ipv6")!;
  await page.goto(`/?selected=${v6.id}`);
  await panel(page).getByRole("button", { name: "Delete peer" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
  await expect(node(page, v6.id)).toContainText(/deleting|deleted/);
});

test("the last peer of an interface cannot be deleted, and the button says why", async ({
  page,
  request,
}) => {
  const transit = vifNamed(await topology(request), "transit-core");
  await page.goto(`/?selected=${transit.bgpPeers[0]!.id}`);
  const button = panel(page).getByRole("button", { name: /Delete peer/ });
  await expect(button).toHaveAttribute("aria-disabled", "true");
  await expect(panel(page)).toContainText(/last BGP peer/i);
});

/** Opens "Create interface" on the connection named `name`, from its details on the map. */
async function createInterfaceOn(page: Page, request: APIRequestContext, name: string) {
  const connection = (await topology(request)).connections.find((c) => c.name === name)!;
  await page.goto(`/?selected=${connection.id}`);
  await panel(page).getByRole("button", { name: "Create interface" }).click();
  return page.getByRole("dialog");
}

test("a VLAN in use on the connection is refused in the form, before any call", async ({
  page,
  request,
}) => {
  const dialog = await createInterfaceOn(page, request, "dx-eqdc2-primary");
  await dialog.getByLabel("Name").fill("duplicate-vlan");
  await dialog.getByLabel("VLAN").fill("101");
  await dialog.getByLabel("ASN").fill("65100");
  const gateway = dialog.getByLabel("Gateway");
  await expect(
    dialog.getByText(
      "network's virtual private gateways in us-east-1, or its Direct Connect gateways.",
    ),
  ).toBeVisible();
  const options = await gateway
    .locator("option")
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  await gateway.selectOption(options[0]!);
  await page.screenshot({ path: screenshotPath("create-interface-form") });
  await control(request, "DELETE", "/_dxmap/calls");
  await dialog.getByRole("button", { name: /Create interface/ }).click();
  await expect(dialog).toContainText("VLAN 101 is already in use on this connection");
  await expect(dialog.getByLabel("VLAN")).toHaveAttribute("aria-invalid", "true");
  const calls = (await (
    await request.get(`${emulator}/_dxmap/calls?operation=CreatePrivateVirtualInterface`)
  ).json()) as { total: number };
  expect(calls.total, "no call reached AWS").toBe(0);
});

test("AWS's own refusal is shown in the form: a public ASN it has not allow-listed", async ({
  page,
  request,
}) => {
  const dialog = await createInterfaceOn(page, request, "dx-eqdc2-primary");
  await dialog.getByLabel("Type").selectOption("public");
  await dialog.getByLabel("Name").fill("public-asn");
  await dialog.getByLabel("VLAN").fill("3999");
  await dialog.getByLabel("ASN").fill("3356");
  await dialog.getByLabel("Amazon address").fill("203.0.113.1/30");
  await dialog.getByLabel("Customer address").fill("203.0.113.2/30");
  await dialog.getByLabel("Route-filter prefixes").fill("198.51.100.0/24");
  await dialog.getByRole("button", { name: /Create interface/ }).click();
  await expect(dialog.getByRole("alert")).toContainText(
    "ASN 3356 is a public ASN that is not allow-listed for account",
  );
  expect((await topology(request)).virtualInterfaces.some((v) => v.name === "public-asn")).toBe(
    false,
  );
});

test("a failing region shows the partial-failure notice, the rest stays, and so does its last data", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  await control(request, "POST", "/_dxmap/faults", { region: "eu-west-1", errorRate: 1 });
  try {
    // The server's short cache may still answer for a moment, the collector reads each account at
    // its own place in the interval, and a read under way when the fault came has some calls
    // answered: wait until both accounts' reads there have failed whole (the page polls every 15 s
    // while nothing moves, so it would show what it loaded first until then).
    const everyRead = [
      "DescribeConnections",
      "DescribeLags",
      "DescribeVirtualGateways",
      "DescribeVirtualInterfaces",
    ];
    await expect
      .poll(
        async () => {
          const failed = (await topology(request)).errors.filter((e) => e.region === "eu-west-1");
          return ["network", "workload"].filter((account) =>
            everyRead.every((call) =>
              failed.some((e) => e.account === account && e.message.startsWith(`${call} failed`)),
            ),
          );
        },
        { timeout: 20_000 },
      )
      .toEqual(["network", "workload"]);
    await page.goto("/");
    await expect(page.getByTestId("partial-failure")).toContainText("eu-west-1");
    await expect(page.getByTestId("partial-failure")).toContainText(/DirectConnectServerException/);
    // The region was read before: its last data stays on the map, and the notice says when it was read.
    await expect(page.getByTestId("partial-failure")).toContainText(
      /Showing what was read at \d\d:\d\d:\d\d\./,
    );
    // Over the map, folded to the accounts and regions; opened, one line per account and region,
    // naming the calls that failed there.
    const notice = page.getByTestId("partial-failure");
    await expect(notice.locator("summary")).toContainText(
      "network · eu-west-1, workload · eu-west-1",
    );
    await notice.locator("summary").click();
    const lines = notice.getByRole("listitem");
    await expect(lines).toHaveCount(2);
    // (AWS's locations are read hourly: DescribeLocations is among them only if this read made it.)
    await expect(lines.filter({ hasText: "network · eu-west-1" })).toContainText(
      /DescribeConnections, DescribeLags, (DescribeLocations, )?DescribeVirtualGateways and DescribeVirtualInterfaces failed: DirectConnectServerException/,
    );
    await expect(node(page, vifNamed(t, "prod-private").id)).toBeVisible();
    // The approvals count still counts what waits there, as last read.
    await expect(page.getByRole("link", { name: /^Approvals, \d+ waiting$/ })).toBeVisible();
    await page.goto("/?regions=eu-west-1");
    await expect(node(page, vifNamed(t, "prod-private", "eu-west-1").id)).toBeVisible();
  } finally {
    await control(request, "DELETE", "/_dxmap/faults");
  }
});

test("a BGP session going down reaches the map as a change, not the whole estate", async ({
  page,
  request,
}) => {
  const all = await topology(request);
  const vif = vifNamed(all, "prod-private");
  const peer = vif.bgpPeers.find((p) => p.bgpStatus === "up");
  expect(peer, "prod-private has a peer whose session is up").toBeDefined();
  // The topology answers the page gets, read as they arrive.
  const changes: Promise<{
    im: string | undefined;
    body: { changes?: Record<string, { at?: [number, { id: string }][] }> };
  }>[] = [];
  page.on("response", (res) => {
    if (res.url().includes("/api/topology") && res.status() === 226) {
      changes.push(res.json().then((body) => ({ im: res.headers()["im"], body })));
    }
  });
  await page.goto(`/?selected=${vif.id}`);
  await expect(node(page, peer!.id)).toContainText("up");

  await control(request, "POST", "/_dxmap/bgp", {
    virtualInterfaceId: vif.id,
    bgpPeerId: peer!.id,
    status: "down",
  });
  try {
    // The page refreshes when it is shown again (and on its own timer); the server's 2 s cache may
    // answer "unchanged" first.
    await expect(async () => {
      await page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
      await expect(node(page, peer!.id)).toContainText("down", { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    // Marked as changed for a moment, then not, however many reads come meanwhile (each new read
    // used to cancel the moment's end, and the mark stayed for as long as reads kept coming).
    const changedMark = node(page, peer!.id).locator(".dx-changed");
    await expect(changedMark).toBeVisible();
    const refresh = page.getByTestId("recent-changes").getByRole("button", { name: "Refresh" });
    for (let read = 0; read < 5; read++) {
      await refresh.click();
      await page.waitForTimeout(1_200);
    }
    await expect(changedMark).toHaveCount(0, { timeout: 3_000 });
    // It came as changes (226): the interface whose session went down, not the whole list (others
    // the emulator moved on meanwhile may come along).
    expect(changes.length).toBeGreaterThan(0);
    const { im, body } = await changes.at(-1)!;
    expect(im).toBe("dxmap-changes");
    const changed = (body.changes?.virtualInterfaces?.at ?? []).map(([, v]) => v.id);
    expect(changed).toContain(vif.id);
    expect(changed.length).toBeLessThan(all.virtualInterfaces.length / 2);
  } finally {
    await control(request, "POST", "/_dxmap/bgp", {
      virtualInterfaceId: vif.id,
      bgpPeerId: peer!.id,
      status: "up",
    });
  }
});

// Last: it deletes an interface of the default estate.
test("delete an interface, typing its name to confirm", async ({ page, request }) => {
  const vif = vifNamed(await topology(request), "lag-private", "eu-west-1");
  await page.goto(`/?selected=${vif.id}`);
  await panel(page).getByRole("button", { name: "Delete interface lag-private" }).click();
  const dialog = page.getByRole("dialog");
  const confirm = dialog.getByLabel("Type lag-private to confirm");
  // Not the name: nothing is deleted, and the field says why.
  await confirm.fill("lag-privat");
  await dialog.getByRole("button", { name: "Delete interface" }).click();
  await expect(dialog).toContainText("Type lag-private exactly, as it is named.");
  expect(vifNamed(await topology(request), "lag-private", "eu-west-1").state).toBe("available");
  await confirm.fill("lag-private");
  await dialog.getByRole("button", { name: "Delete interface" }).click();
  await expect(dialog).toHaveCount(0);
  // AWS moves it on: deleting, then deleted (and a deleted interface may leave the lists).
  await expect
    .poll(
      async () =>
        (await topology(request)).virtualInterfaces.find((v) => v.id === vif.id)?.state ?? "gone",
    )
    .toMatch(/^(deleting|deleted|gone)$/);
  // The map follows, and offers no second delete.
  await expect(panel(page).getByRole("button", { name: /^Delete interface/ })).toHaveCount(0, {
    timeout: 15_000,
  });
});

/** The seed's hosted connection awaiting acceptance, ordering again after a reset (once the server's short cache has let go). */
async function orderedAgain(request: APIRequestContext) {
  await control(request, "POST", "/_dxmap/reset", { seed: "default" });
  const find = async () =>
    (await topology(request)).connections.find((c) => c.name === "hosted-csva1-equinix")!;
  await expect.poll(async () => (await find()).state).toBe("ordering");
  return find();
}

test("the Approvals page lists a partner's hosted connection to accept, counts it in the header, and accepts it", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const ordered = t.connections.find((c) => c.name === "hosted-csva1-equinix")!;
  expect(ordered.state).toBe("ordering");
  const waiting =
    t.virtualInterfaces.filter((v) => v.state === "confirming" && v.ownerAlias !== null).length + 1;
  await page.goto("/approvals");
  await expect(page.getByRole("link", { name: `Approvals, ${waiting} waiting` })).toBeVisible();
  const row = page.getByTestId(`acceptance-${ordered.id}`);
  await expect(row).toContainText("Equinix");
  await expect(row).toContainText("200Mbps");
  await row.getByRole("button", { name: "Accept connection hosted-csva1-equinix" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Accept connection" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  // The row goes once the read shows it accepted; focus waits on the section's heading.
  await expect(row).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Hosted connections to accept" })).toBeFocused();
  await expect(page.getByText("No hosted connection is waiting to be accepted.")).toBeVisible();
  await expect(page.getByRole("link", { name: `Approvals, ${waiting - 1} waiting` })).toBeVisible();
});

test("an approval's name takes you to it on the map, its details open", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const waiting = t.virtualInterfaces.find(
    (v) => v.state === "confirming" && v.ownerAlias !== null,
  )!;
  await page.goto("/approvals");
  await page
    .getByTestId(`approval-${waiting.id}`)
    .getByRole("link", { name: waiting.name })
    .click();
  await expect(page).toHaveURL(new RegExp(`[?&]selected=${waiting.id}`));
  await expect(panel(page).getByRole("heading", { level: 2 })).toHaveText(waiting.name);
});

test("Refresh reads the estate now, not at the next poll, and the details list each peer's session and addresses", async ({
  page,
  request,
}) => {
  const vif = vifNamed(await topology(request), "prod-private");
  await page.goto(`/?selected=${vif.id}`);
  const peers = panel(page).getByRole("listitem");
  await expect(peers.first()).toContainText(/IPv4 · ASN 65001/);
  await expect(peers.first()).toContainText("BGP up");
  await expect(peers.first()).toContainText(`AWS ${vif.bgpPeers[0]!.amazonAddress}`);
  await expect(peers.first()).toContainText("Auth key:");
  const refresh = page.getByRole("button", { name: "Refresh" });
  const asked = page.waitForRequest((r) => new URL(r.url()).pathname === "/api/topology");
  await refresh.click();
  await asked;
  await expect(refresh).toBeEnabled();
});

test("decline a partner's hosted connection: rejected, and nothing more to do with it", async ({
  page,
  request,
}) => {
  const ordered = await orderedAgain(request);
  await page.goto(`/?selected=${ordered.id}`);
  await expect(node(page, ordered.id)).toContainText("ordering");
  // Nothing else is offered while it waits: AWS would refuse an interface on it.
  await expect(panel(page).getByRole("button", { name: "Create interface" })).toHaveCount(0);
  await panel(page)
    .getByRole("button", { name: "Decline connection hosted-csva1-equinix" })
    .click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("ordered by Equinix");
  // Cancel changes nothing.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  expect((await topology(request)).connections.find((c) => c.id === ordered.id)!.state).toBe(
    "ordering",
  );
  await panel(page)
    .getByRole("button", { name: "Decline connection hosted-csva1-equinix" })
    .click();
  await dialog.getByRole("button", { name: "Decline connection" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(panel(page).getByRole("heading", { level: 2 })).toBeFocused();
  await expect(node(page, ordered.id)).toContainText("rejected");
  await expect(panel(page)).toContainText(
    "This hosted connection was declined (rejected): AWS takes no interface on it.",
  );
  // Declined as asked: it no longer needs attention.
  await page.goto(`/?states=attention`);
  await expect(node(page, ordered.id)).toHaveCount(0);
  await expect(
    panel(page).getByRole("button", { name: /^(Accept|Decline) connection/ }),
  ).toHaveCount(0);
});

test("accept a partner's hosted connection from the map, then give it an interface", async ({
  page,
  request,
}) => {
  const ordered = await orderedAgain(request);
  await page.goto(`/?selected=${ordered.id}`);
  await expect(panel(page)).toContainText("Hosted connection");
  await panel(page).getByRole("button", { name: "Accept connection hosted-csva1-equinix" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Equinix ordered hosted-csva1-equinix");
  await expect(dialog).toContainText("its port hours are billed to network");
  await page.screenshot({ path: screenshotPath("accept-hosted-connection") });
  await dialog.getByRole("button", { name: "Accept connection" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(panel(page).getByRole("heading", { level: 2 })).toBeFocused();
  await expect(node(page, ordered.id)).toContainText(/pending|available/);
  await expect(panel(page).getByRole("button", { name: /^Accept connection/ })).toHaveCount(0);
  // Accepted, it takes its one interface, on the VLAN the partner assigned.
  await expect(panel(page).getByRole("button", { name: "Create interface" })).toBeVisible();
});

test("on the Approvals page a hosted connection can be accepted before the whole estate has arrived; interfaces wait for it", async ({
  page,
  request,
}) => {
  const ordered = await orderedAgain(request);
  // The page's reads of the whole topology are answered by the server at once but held on their way
  // to the page (its rows come from the server's render meanwhile).
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname === "/api/topology",
    async (route) => {
      const response = await route.fetch();
      await held;
      // A read the page gave up on (a change cancels the read under way) is gone by then.
      await route.fulfill({ response }).catch(() => undefined);
    },
  );
  await page.goto("/approvals");
  const row = page.getByTestId(`acceptance-${ordered.id}`);
  await expect(row).toContainText("Equinix");
  // Approving an interface needs its owner's gateways, which come with the whole topology.
  await expect(page.getByRole("button", { name: /^Approve/ })).toHaveCount(0);
  await row.getByRole("button", { name: "Accept connection hosted-csva1-equinix" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Accept connection" }).click();
  await expect
    .poll(async () => (await topology(request)).connections.find((c) => c.id === ordered.id)!.state)
    .toMatch(/^(pending|available)$/);
  // The read under way was answered before the accept; the row goes once a read shows it accepted.
  release();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(row).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Approve/ }).first()).toBeVisible();
});

test("a shared link to a resource that is not on the map says so, and one hidden by a filter offers to clear it", async ({
  page,
  request,
}) => {
  await page.goto("/?selected=dxvif-fgone000");
  const missing = page.getByTestId("missing-selection");
  await expect(missing).toContainText("Not on the map");
  await expect(missing).toContainText("dxvif-fgone000");
  await missing.getByRole("button", { name: "Dismiss" }).click();
  await expect(missing).toHaveCount(0);
  await expect(page).not.toHaveURL(/selected=/);
  // In the estate, but left out by the region filter.
  const vif = vifNamed(await topology(request), "prod-private", "us-east-1");
  await page.goto(`/?regions=eu-west-1&selected=${vif.id}`);
  await expect(missing).toContainText("Hidden by the filters");
  await missing.getByRole("button", { name: "Clear filters" }).click();
  await expect(panel(page)).toContainText(vif.id);
  await expect(node(page, vif.id)).toBeInViewport();
});

test("related resources in the details are links: each selects and centres its resource, and Back returns", async ({
  page,
  request,
}) => {
  const t = await topology(request);
  const vif = vifNamed(t, "prod-private", "us-east-1");
  const connection = t.connections.find((c) => c.id === vif.connectionId)!;
  const peer = vif.bgpPeers[0]!;
  await page.goto(`/?selected=${vif.id}`);
  await expect(panel(page).getByRole("heading", { level: 2 })).toHaveText("prod-private");
  // The interface's connection.
  await panel(page)
    .getByRole("link", { name: new RegExp(connection.id) })
    .click();
  await expect(panel(page).getByRole("heading", { level: 2 })).toHaveText(connection.name);
  await expect(node(page, connection.id)).toBeInViewport();
  await expect(page).toHaveURL(new RegExp(`selected=${connection.id}`));
  // Its interfaces, back to the one we came from; then the interface's gateway and a peer.
  await panel(page)
    .getByRole("link", { name: new RegExp(vif.id) })
    .click();
  await expect(panel(page).getByRole("heading", { level: 2 })).toHaveText("prod-private");
  await panel(page)
    .getByRole("link", { name: new RegExp(vif.virtualGatewayId!) })
    .click();
  await expect(panel(page)).toContainText("Virtual private gateway");
  await expect(node(page, vif.virtualGatewayId!)).toBeInViewport();
  // Back walks the selections: the interface, then its connection, each brought into view.
  await page.goBack();
  await expect(panel(page).getByRole("heading", { level: 2 })).toHaveText("prod-private");
  await page.goBack();
  await expect(panel(page).getByRole("heading", { level: 2 })).toHaveText(connection.name);
  await page.goForward();
  await expect(panel(page).getByRole("heading", { level: 2 })).toHaveText("prod-private");
  await expect(node(page, vif.id)).toBeInViewport();
  await panel(page)
    .getByRole("link", { name: new RegExp(`ASN ${peer.asn}`) })
    .first()
    .click();
  await expect(panel(page)).toContainText("BGP peer");
  await panel(page)
    .getByRole("link", { name: new RegExp(vif.id) })
    .click();
  await expect(panel(page).getByRole("heading", { level: 2 })).toHaveText("prod-private");
});

test("after Create interface the details show the new interface, and the message links to it", async ({
  page,
  request,
}) => {
  const dialog = await createInterfaceOn(page, request, "dx-eqdc2-primary");
  await dialog.getByLabel("Name").fill("made-here");
  await dialog.getByLabel("VLAN").fill("3210");
  await dialog.getByLabel("ASN").fill("65100");
  const gateway = dialog.getByLabel("Gateway");
  const options = await gateway
    .locator("option")
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  await gateway.selectOption(options[0]!);
  await dialog.getByRole("button", { name: /Create interface/ }).click();
  await expect(dialog).toHaveCount(0);
  const made = (await topology(request)).virtualInterfaces.find((v) => v.name === "made-here")!;
  await expect(panel(page).getByRole("heading", { level: 2 })).toHaveText("made-here");
  await expect(page).toHaveURL(new RegExp(`selected=${made.id}`));
  await expect(node(page, made.id)).toBeInViewport();
  // The message's link brings it back into view after the map has moved on.
  await page.getByRole("button", { name: /fit view/i }).click();
  await page.getByRole("button", { name: "Show it" }).click();
  await expect(node(page, made.id)).toBeInViewport();
  // Back returns to the connection it was made on.
  await page.goBack();
  await expect(panel(page).getByRole("heading", { level: 2 })).toHaveText("dx-eqdc2-primary");
});

test("on a large estate the map says how to find one's way, and the hint can be put away", async ({
  page,
  request,
}) => {
  await control(request, "POST", "/_dxmap/reset", { seed: "M" });
  try {
    // The server's short cache may still hold the default estate for a moment.
    await expect
      .poll(async () => (await topology(request)).virtualInterfaces.length, { timeout: 15_000 })
      .toBeGreaterThan(500);
    await page.goto("/?mode=detail");
    const hint = page.getByText(/nodes: minimap off above 2,000/);
    await expect(hint).toBeVisible();
    await page.getByRole("button", { name: "Dismiss this hint" }).click();
    await expect(hint).toHaveCount(0);
    // Focus goes to the map's controls, not the page; and the hint stays put away.
    await expect(page.getByRole("button", { name: "fit view" })).toBeFocused();
    await page.reload();
    await expect(
      page.getByRole("navigation", { name: "On this map" }).getByRole("button").first(),
    ).toBeVisible();
    await expect(hint).toHaveCount(0);
    // The map itself stays, with its way down it.
    await expect(
      page.getByRole("navigation", { name: "On this map" }).getByRole("button").first(),
    ).toBeVisible();
  } finally {
    await control(request, "POST", "/_dxmap/reset", { seed: "default" });
  }
});
