import { expect, test } from "@playwright/test";

import type { DxTopology } from "../lib/dx/types";
import { control } from "./emulator-control";
import { node } from "./estate";
import { photograph } from "./screenshots";
import { E2E_SERVERS } from "./servers";

// An organization of 200 accounts as a person meets it: the emulator's ORG:199, whose 199 members
// have no keys of their own, listed by the dashboard with Organizations and each read through its
// dxmap-read role. The map holds them all, its account filter folds them into a list with a search,
// and an account whose role cannot be assumed is a read error in AWS's words after a Refresh.
const server = E2E_SERVERS.organization;
test.use({ baseURL: server.url });
test.describe.configure({ mode: "serial", timeout: 90_000 });

test("every account of the organization is on the map, reached through its role, and the account filter finds one", async ({
  page,
  request,
}) => {
  const t = (await (await request.get("/api/topology")).json()) as DxTopology;
  expect(t.accounts).toHaveLength(200);
  expect(t.errors).toEqual([]);
  const theirs = t.connections.find((c) => c.account === "member-002")!;
  expect(theirs).toBeDefined();

  await page.goto("/");
  const accounts = page.getByTestId("filter-accounts");
  await expect(accounts.locator("summary")).toContainText("all 200");
  await expect(node(page, theirs.id)).toBeAttached();
  await accounts.locator("summary").click();
  await accounts.getByLabel("Search accounts").fill("member-002");
  await expect(accounts.getByRole("checkbox")).toHaveCount(1);
  await accounts.getByRole("checkbox", { name: "member-002" }).check();
  await expect(page).toHaveURL(/accounts=member-002/);
  await expect(accounts.locator("summary")).toContainText("member-002");
  await expect(node(page, theirs.id)).toBeVisible();
  // Only that account's resources are left.
  const other = t.connections.find((c) => c.account === "member-001")!;
  await expect(node(page, other.id)).toHaveCount(0);
  await accounts.getByLabel("Search accounts").fill("nobody");
  await expect(accounts).toContainText("No accounts match “nobody”.");
  await accounts.getByLabel("Search accounts").fill("member-00");
  await photograph(page, "organization");
});

test("an account whose role cannot be assumed is a read error on the map, in AWS's words", async ({
  page,
  request,
}) => {
  // A new member whose role trusts no one: the next listing (Refresh lists the organization again) finds it.
  await control(
    request,
    "POST",
    "/_dxmap/organization/accounts",
    { name: "Locked Out", role: { trust: [] } },
    server.emulatorUrl,
  );
  await page.goto("/");
  await page.getByRole("button", { name: "Refresh" }).click();
  const notice = page.getByTestId("partial-failure");
  await expect(notice).toContainText("locked-out", { timeout: 30_000 });
  await notice.locator("summary").click();
  await expect(
    notice.getByRole("listitem").filter({ hasText: "locked-out" }).first(),
  ).toContainText("not authorized to perform: sts:AssumeRole");
  // Still an account of the map: in the filter's list.
  await page.getByTestId("filter-accounts").locator("summary").click();
  await expect(page.getByTestId("filter-accounts").locator("summary")).toContainText("all 201");
});
