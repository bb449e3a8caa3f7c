// The dashboards the browser tests run against (playwright.config.ts starts them), each with its own
// emulator, state file, audit log and output log under .data/.

export interface E2eServer {
  url: string;
  port: number;
  emulatorPort: number;
  emulatorUrl: string;
  emulatorData: string;
  auditLog: string;
  serverLog: string;
  /** The history store (PGlite), removed before the dashboard starts. */
  historyDir: string;
  /** Settings beyond the ports and files. */
  env: Record<string, string>;
  /**
   * Set: started as scripts/serve.ts on this address, without scripts/start.ts and its listening
   * rules (and without an emulator). Unset: started as `npm start` runs it, on loopback.
   */
  listen?: string;
}

/**
 * Added to every port below (DX_E2E_PORT_OFFSET): two checkouts can run their browser tests at once
 * without one reusing the other's dashboard.
 */
const PORT_OFFSET = Number(process.env.DX_E2E_PORT_OFFSET ?? 0);

function server(
  name: string,
  basePort: number,
  baseEmulatorPort: number,
  env: Record<string, string> = {},
  listen?: string,
): E2eServer {
  const port = basePort + PORT_OFFSET;
  const emulatorPort = baseEmulatorPort + PORT_OFFSET;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    emulatorPort,
    emulatorUrl: `http://127.0.0.1:${emulatorPort}`,
    emulatorData: `.data/e2e-${name}-emulator-state.json`,
    auditLog: `.data/e2e-${name}-audit.log`,
    serverLog: `.data/e2e-${name}-server.log`,
    historyDir: `.data/e2e-${name}-history`,
    // The collector reads every second: a change made through the emulator reaches the map and
    // the history within a poll, as the tests expect, not within the default 15 s.
    // Each account's call budget grows with it (5 calls/s at the default 15 s): a change made by a
    // test is not queued behind a pass that reads every second.
    env: { DX_COLLECT_INTERVAL_MS: "1000", DX_ACCOUNT_CALLS_PER_SECOND: "50", ...env },
    ...(listen ? { listen } : {}),
  };
}

/** Test users of the basic-auth dashboard. The passwords exist only here and as hashes below. */
export const BASIC_USERS = {
  alice: "e2e-alice-password",
  viewer: "e2e-viewer-password",
} as const;

// `printf %s e2e-alice-password | npm run --silent hash-password` and a bcrypt hash (cost 8) of
// e2e-viewer-password: both formats are exercised end to end.
const ALICE_SCRYPT =
  "scrypt$32768$8$1$nF8BNPRChpDMaMP88NWXmw==$93QoFnbpu0PGLOCBsIUDGWAmm0i9pfGn/2BN3Zj07kQ=";
const VIEWER_BCRYPT = "$2b$08$LpkOomN.Eb3aOxOMhgZOhOkRVnwj8jcEo60MU00Xse/oFe7RaydvW";

/** The address the proxy dashboard treats as its authenticating proxy (Linux routes all of 127/8 to lo). */
export const PROXY_ADDRESS = "127.0.0.2";
export const PROXY_USER_HEADER = "x-auth-request-user";
/** The secret the authenticating proxy adds to every request, in the default header. */
export const PROXY_SECRET = "e2e-proxy-secret-0123456789";
export const PROXY_SECRET_HEADER = "x-dxmap-proxy-secret";

/** The basic-auth dashboard's public address, as a TLS proxy in front of it would serve it. */
export const BASIC_PUBLIC_URL = "https://dxmap.e2e.test";

/**
 * The database of the dashboard whose history store is on PostgreSQL: on TEST_DATABASE_URL's server,
 * emptied before it starts. Unset without a server: that dashboard is not started, and its tests
 * say why they skip.
 */
export const E2E_DATABASE_URL = process.env.TEST_DATABASE_URL
  ? (() => {
      const url = new URL(process.env.TEST_DATABASE_URL);
      url.pathname = `/dxmap_e2e_${3105 + PORT_OFFSET}`;
      return url.toString();
    })()
  : undefined;

export const E2E_SERVERS = {
  /** As `npm start` runs it: loopback, no sign-in. */
  main: server("main", 3100, 4699),
  /** HTTP basic auth; viewer is read-only; published at an https address. */
  basic: server("basic", 3101, 4701, {
    DX_AUTH_MODE: "basic",
    DX_AUTH_USERS: `alice:${ALICE_SCRYPT},viewer:${VIEWER_BCRYPT}`,
    DX_READ_ONLY_USERS: "viewer",
    DX_PUBLIC_URL: BASIC_PUBLIC_URL,
  }),
  /**
   * Behind an authenticating reverse proxy at 127.0.0.2 that adds a shared secret; only dave and bob
   * may change anything, and bob is read-only all the same (the deny-list wins).
   */
  proxy: server("proxy", 3102, 4702, {
    DX_AUTH_MODE: "proxy",
    DX_AUTH_PROXY_ADDRESSES: PROXY_ADDRESS,
    DX_AUTH_PROXY_HEADER: PROXY_USER_HEADER,
    DX_AUTH_PROXY_SECRET: PROXY_SECRET,
    DX_WRITERS: "Dave, bob",
    DX_READ_ONLY_USERS: "bob",
  }),
  /**
   * No sign-in, on every interface: what `next start -H 0.0.0.0` or `serve.ts --hostname 0.0.0.0`
   * would do, started without scripts/start.ts (which refuses it). Its emulator port has nothing on
   * it: no request from beyond loopback may get as far as a call.
   */
  exposed: server("exposed", 3103, 4703, {}, "0.0.0.0"),
  /**
   * The generated L estate (500 connections, 5,000 interfaces, four accounts and regions), as
   * `DX_EMULATOR_SEED=L npm start` serves it. Its tests only read: they run beside the others.
   */
  large: server("large", 3104, 4704, { DX_EMULATOR_SEED: "L", DX_COLLECT_INTERVAL_MS: "3000" }),
  /**
   * As main, its history store on a PostgreSQL server (DATABASE_URL) instead of PGlite: started only
   * with TEST_DATABASE_URL, on a database of its own emptied first.
   */
  postgres: server("postgres", 3105, 4705, { DATABASE_URL: E2E_DATABASE_URL ?? "" }),
  /**
   * An organization of 200 accounts (the emulator's ORG:199: network manages 199 members without
   * keys): the dashboard lists them with Organizations and reads each through its dxmap-read role.
   */
  organization: server("organization", 3106, 4706, {
    DX_EMULATOR_SEED: "ORG:199",
    // Read when it starts and on Refresh, which its tests use: a pass over 200 accounts during the
    // run (every 10 minutes, as it was) loaded a two-core machine enough to time out other files'
    // tests. Its next pass, and the organization's next listing, are after an hour: after the run.
    DX_COLLECT_INTERVAL_MS: "3600000",
  }),
} as const;
