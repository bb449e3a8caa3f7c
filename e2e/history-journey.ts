import { expect, test, type Page } from "@playwright/test";

import { control } from "./emulator-control";
import { node, panel, topology, vifNamed } from "./estate";
import { photograph } from "./screenshots";
import type { E2eServer } from "./servers";

// History as a person meets it, on the default estate, whose collector reads AWS every second: a BGP
// session going down reaches the Events page, the peer's History (its down span, uptime and flaps)
// and the map's Recent changes (after a reload too); a peer deleted with the form is in the
// interface's History, the audit entry beside the events it caused; the Events page's filters live
// in its URL and its CSV link carries them. The tests build on each other's changes: in order, from
// a reset. history.spec.ts runs them on the main dashboard (its store PGlite), history-postgres.spec.ts
// on one whose store is a PostgreSQL server.

/**
 * How long a change may take to reach a page: the collector's second, the page's poll (10 s), on a
 * machine busy with the other dashboards (one reading the L estate).
 */
const REACHES = { timeout: 40_000 };

async function openHistory(page: Page, id: string) {
  await page.goto(`/?mode=detail&selected=${id}`);
  await panel(page).getByRole("button", { name: "History" }).click();
  const history = panel(page).getByTestId("history");
  await expect(history).toBeVisible();
  return history;
}

/**
 * The journey's tests, in order, against `server`'s dashboard and emulator; `photographs`: this run
 * takes the README's pictures.
 */
export function historyJourney(server: E2eServer, { photographs }: { photographs: boolean }) {
  test.describe.configure({ mode: "serial", timeout: 120_000 });
  test.use({ baseURL: server.url });

  const bgp = (
    request: Parameters<typeof control>[0],
    virtualInterfaceId: string,
    bgpPeerId: string,
    status: "up" | "down",
  ) =>
    control(
      request,
      "POST",
      "/_dxmap/bgp",
      { virtualInterfaceId, bgpPeerId, status },
      server.emulatorUrl,
    );

  test.beforeAll(async ({ request }) => {
    await control(request, "POST", "/_dxmap/reset", { seed: "default" }, server.emulatorUrl);
    await control(request, "DELETE", "/_dxmap/faults", undefined, server.emulatorUrl);
  });

  test("a BGP session going down is in the Events feed and in the peer's History: a down span, its uptime and a flap", async ({
    page,
    request,
  }) => {
    const vif = vifNamed(await topology(request), "prod-private");
    const peer = vif.bgpPeers.find((p) => p.addressFamily === "ipv4")!;
    expect(peer.bgpStatus).toBe("up");

    // The store outlives the emulator's reset: an earlier spec's tests may have moved this session.
    const since = new Date(Date.now() - 86_400_000).toISOString();
    const before = (await (
      await request.get(
        `/api/events?resourceId=${peer.id}&field=bgpStatus&since=${since}&limit=1000`,
      )
    ).json()) as { events: unknown[] };
    const flaps = before.events.length;

    await page.goto("/events?type=bgpPeer&field=bgpStatus");
    await expect(page.getByTestId("events-count")).toBeVisible();
    // Earlier specs may have taken this session down before (the store outlives their resets): the
    // feed gains one such row.
    const downs = page
      .getByTestId("event-row")
      .filter({ hasText: peer.id })
      .filter({ has: page.locator("[title='Before: up']") })
      .filter({ has: page.locator("[title='After: down']") });
    const downsBefore = await downs.count();
    await bgp(request, vif.id, peer.id, "down");

    // The feed, newest first: the session's change, its id a link to it on the map.
    await expect(downs).toHaveCount(downsBefore + 1, REACHES);
    const row = downs.first();
    await expect(row).toContainText("BGP session");
    await expect(row.getByRole("link", { name: peer.id })).toHaveAttribute(
      "href",
      `/?selected=${peer.id}`,
    );

    // The peer's History: down so far (newest first), less than all of 24 h up, one flap more.
    const history = await openHistory(page, peer.id);
    const spans = history.getByTestId("bgp-spans").locator("li");
    await expect(spans.first()).toHaveAttribute("data-value", "down", REACHES);
    await expect(spans.first()).toContainText("so far");
    await expect(spans.nth(1)).toHaveAttribute("data-value", "up");
    await expect(history.getByTestId("flaps-24h").locator("dd")).toHaveText(String(flaps + 1));
    const uptime = history.getByTestId("uptime-24h").locator("dd");
    await expect(uptime).toHaveText(/^\d+(\.\d)? %$/);
    await expect(uptime).not.toHaveText("100 %");
    await expect(history.getByTestId("history-event").first()).toContainText("BGP session");
    await history.scrollIntoViewIfNeeded();
    if (photographs) await photograph(page, "history-peer");

    // Up again: a second change, the span closed.
    await bgp(request, vif.id, peer.id, "up");
    await expect(spans.first()).toHaveAttribute("data-value", "up", REACHES);
    await expect(history.getByTestId("flaps-24h").locator("dd")).toHaveText(String(flaps + 2));
    await expect(spans.nth(1)).toHaveAttribute("data-value", "down");
    await expect(spans.nth(1)).not.toContainText("so far");
  });

  test("a peer deleted with the form: the audit entry (who, what, how it went) beside the events it caused, in the interface's History", async ({
    page,
    request,
  }) => {
    const vif = vifNamed(await topology(request), "prod-private");
    const v6 = vif.bgpPeers.find((p) => p.addressFamily === "ipv6")!;

    await page.goto(`/?mode=detail&selected=${v6.id}`);
    await panel(page).getByRole("button", { name: "Delete peer" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
    await expect(node(page, v6.id)).toContainText(/deleting|deleted/);

    const history = await openHistory(page, vif.id);
    const changes = history.getByTestId("history-changes").locator(":scope > li");
    const audit = history.getByTestId("history-audit").filter({ hasText: "DeleteBGPPeer" });
    await expect(audit).toBeVisible(REACHES);
    // No sign-in on this dashboard: the audit log's user is "anonymous".
    await expect(audit).toContainText("anonymous");
    await expect(audit).toContainText("succeeded");
    await expect(audit).toContainText(v6.id);
    // What it caused, observed after it: the peer's events, right above it (newest first).
    await expect(
      history.getByTestId("history-event").filter({ hasText: v6.id }).first(),
    ).toBeVisible(REACHES);
    const texts = await changes.allInnerTexts();
    const at = texts.findIndex((t) => t.includes("DeleteBGPPeer"));
    expect(at, texts.join("\n")).toBeGreaterThan(0);
    expect(texts[at - 1], texts.join("\n")).toContain(v6.id);
    await audit.scrollIntoViewIfNeeded();
    if (photographs) await photograph(page, "history-interface-audit");
  });

  test("the Events page's filters survive a reload, its CSV link carries them, and a range that ends before it starts is refused", async ({
    page,
    request,
  }) => {
    const vif = vifNamed(await topology(request), "prod-private");
    const peer = vif.bgpPeers.find((p) => p.addressFamily === "ipv4")!;

    await page.goto("/events");
    await page.getByLabel("Account").selectOption("network");
    await page.getByLabel("Resource type").selectOption("bgpPeer");
    await page.getByLabel("Change", { exact: true }).selectOption("bgpStatus");
    await page.getByLabel("At least").fill("2");
    await expect(page).toHaveURL(/account=network/);
    await expect(page).toHaveURL(/type=bgpPeer/);
    await expect(page).toHaveURL(/field=bgpStatus/);
    await expect(page).toHaveURL(/min=2/);

    await page.reload();
    await expect(page.getByLabel("Account")).toHaveValue("network");
    await expect(page.getByLabel("Resource type")).toHaveValue("bgpPeer");
    await expect(page.getByLabel("Change", { exact: true })).toHaveValue("bgpStatus");
    await expect(page.getByLabel("At least")).toHaveValue("2");
    // Only what the filters take: BGP status changes.
    const rows = page.getByTestId("event-row");
    await expect(rows.first()).toBeVisible();
    for (const text of await rows.allInnerTexts()) expect(text).toContain("BGP session");
    // The session that went down and up again has flapped at least twice (the store outlives the
    // emulator's reset: earlier specs' flips of it count too).
    const flapping = page.getByTestId(`flapping-${peer.id}`);
    await expect(flapping).toContainText(/\d+ changes/, REACHES);
    expect(Number(/(\d+) changes/.exec(await flapping.innerText())![1])).toBeGreaterThanOrEqual(2);
    if (photographs) await photograph(page, "events");

    const csv = page.getByRole("link", { name: "Download CSV" });
    const href = (await csv.getAttribute("href"))!;
    const params = new URL(href, server.url).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      account: "network",
      resourceType: "bgpPeer",
      field: "bgpStatus",
      format: "csv",
    });
    const file = await request.get(href);
    expect(file.ok()).toBe(true);
    expect(file.headers()["content-disposition"]).toMatch(/attachment/);
    // The file holds what the filters take, and only that (columns as the store writes them).
    const [header, ...lines] = (await file.text()).trim().split("\r\n");
    const column = (name: string) => header!.split(",").indexOf(name);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes(peer.id))).toBe(true);
    for (const line of lines) {
      const cells = line.split(",");
      expect([
        cells[column("account")],
        cells[column("resourceType")],
        cells[column("field")],
      ]).toEqual(["network", "bgpPeer", "bgpStatus"]);
    }

    // Bad input: a range that ends before it starts reads nothing, and says why.
    await page.getByLabel("From").fill("2026-12-06T10:00");
    await page.getByLabel("Until").fill("2026-12-06T09:00");
    await expect(page.getByRole("alert").filter({ hasText: "Until" })).toHaveText(
      "“Until” is not after “From”: nothing can match.",
    );
    await expect(rows).toHaveCount(0);
    // A threshold that is no number of changes is said, and not taken.
    await page.getByLabel("At least").fill("0");
    await expect(page.getByText("A whole number of at least 1.")).toBeVisible();
    await expect(page).toHaveURL(/min=2/);
  });

  test("Recent changes on the map come from the store: the same after a reload", async ({
    page,
    request,
  }) => {
    const vif = vifNamed(await topology(request), "prod-private");
    const peer = vif.bgpPeers.find((p) => p.addressFamily === "ipv4")!;
    await page.goto("/?mode=detail");
    const recent = page.getByTestId("recent-changes");
    await expect(recent.getByRole("heading", { name: "Recent changes" })).toBeVisible();

    // The same change happened in an earlier test: this one is the line stamped after the flip.
    const newest = recent
      .locator("li")
      .filter({ hasText: "BGP peer ipv4 on prod-private: up → down" })
      .first()
      .locator("time");
    const flippedAt = Date.now();
    await bgp(request, vif.id, peer.id, "down");
    // The map still marks what it has just seen change, for a moment.
    await expect(node(page, peer.id).locator(".dx-changed")).toBeVisible(REACHES);
    await expect
      .poll(async () => {
        const at = await newest.getAttribute("datetime", { timeout: 1_000 }).catch(() => null);
        return at ? Date.parse(at) : 0;
      }, REACHES)
      .toBeGreaterThanOrEqual(flippedAt - 1_000);
    const stamp = await newest.getAttribute("datetime");

    // Read from the store, not remembered by the page: there after a reload.
    await page.reload();
    await expect(newest).toHaveAttribute("datetime", stamp!);
    await bgp(request, vif.id, peer.id, "up");
  });
}
