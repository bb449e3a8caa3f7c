import { expect, test } from "@playwright/test";

// The home page against the seeded emulator: what a network engineer sees first.
test("lists the connections and virtual interfaces of both accounts in both regions", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveTitle("dxmap");
  await expect(page.getByRole("heading", { level: 1, name: "dxmap" })).toBeVisible();

  const connections = page.getByRole("table", { name: "Direct Connect connections" });
  const vifs = page.getByRole("table", { name: "Direct Connect virtual interfaces" });
  await expect(connections).toBeVisible();
  await expect(vifs).toBeVisible();

  // Every account and region was read: no partial-failure notice.
  await expect(page.getByText("Some accounts or regions could not be read")).toHaveCount(0);

  const connectionRows = connections.getByRole("row");
  for (const region of ["us-east-1", "eu-west-1"]) {
    await expect(
      connectionRows.filter({ has: page.getByRole("cell", { name: region, exact: true }) }).first(),
    ).toBeVisible();
  }

  // The owner column shows the account alias above its 12-digit id.
  const vifRows = vifs.getByRole("row");
  const owners = { network: "111111111111", workload: "222222222222" };
  for (const [account, accountId] of Object.entries(owners)) {
    for (const region of ["us-east-1", "eu-west-1"]) {
      await expect(
        vifRows
          .filter({ has: page.getByRole("cell", { name: `${account} ${accountId}`, exact: true }) })
          .filter({ has: page.getByRole("cell", { name: region, exact: true }) })
          .first(),
        `a virtual interface owned by ${account} in ${region}`,
      ).toBeVisible();
    }
  }

  await expect(page.getByText("available", { exact: true }).first()).toBeVisible();
  // An interface allocated by network to workload waits for workload to confirm it.
  await expect(vifRows.filter({ hasText: "confirming" }).first()).toBeVisible();

  await page.screenshot({ path: "e2e/screenshots/home.png", fullPage: true });
});
