/**
 * Makes an empty database on the test PostgreSQL server for a browser-test dashboard, dropping what
 * an earlier run left there: `tsx scripts/e2e-database.ts <database url>` (playwright.config.ts runs
 * it before the dashboard whose history store is on PostgreSQL). The server and the role that may
 * create databases are TEST_DATABASE_URL's (`eval "$(bash scripts/test-postgres.sh)"`).
 */
import pg from "pg";

const target = process.argv[2];
const admin = process.env.TEST_DATABASE_URL;
if (!target || !admin) {
  console.error("usage: TEST_DATABASE_URL=postgres://… tsx scripts/e2e-database.ts <database url>");
  process.exit(2);
}
const name = new URL(target).pathname.slice(1);
if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
  console.error(`e2e-database: "${name}" is not a plain database name`);
  process.exit(2);
}
const client = new pg.Client({ connectionString: admin });
await client.connect();
try {
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  console.log(`e2e-database: ${name} is empty`);
} finally {
  await client.end();
}
