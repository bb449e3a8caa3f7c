import { existsSync } from "node:fs";

import { expect, test } from "@playwright/test";
import pg from "pg";

import { historyJourney } from "./history-journey";
import { E2E_DATABASE_URL, E2E_SERVERS } from "./servers";

// The history journey on a dashboard whose store is a PostgreSQL server (DATABASE_URL), as a team
// running several replicas keeps it: the same pages, from the same store queries, on the server's
// SQL. Its dashboard is started only with a server at hand (TEST_DATABASE_URL; .ci/run sets one up).
const server = E2E_SERVERS.postgres;

if (!E2E_DATABASE_URL) {
  test("the history journey on a PostgreSQL store", () => {
    test.skip(
      true,
      'TEST_DATABASE_URL is not set: run eval "$(bash scripts/test-postgres.sh)" first (.ci/run does)',
    );
  });
} else {
  historyJourney(server, { photographs: false });

  test("what the journey showed was kept in the PostgreSQL database, and nothing on the local disk", async () => {
    const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(
        "select count(*) as n from events where resource_type = 'bgpPeer' and field = 'bgpStatus'",
      );
      // The journey took one session down and up, and down and up again.
      expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(4);
      const audit = await client.query<{ n: string }>(
        "select count(*) as n from audit where operation = 'DeleteBGPPeer'",
      );
      expect(Number(audit.rows[0]!.n)).toBeGreaterThanOrEqual(1);
    } finally {
      await client.end();
    }
    expect(existsSync(server.historyDir)).toBe(false);
  });
}
