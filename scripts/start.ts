// `npm start`: run dxmap as one command. Builds the dashboard when the build is
// missing or older than its sources, starts the embedded Direct Connect
// emulator, waits until it is healthy, then serves the dashboard pointed at it
// (scripts/serve.ts: Next.js behind dxmap's own HTTP server). `npm run dev`
// (--dev) does the same with Next.js in development mode.
//
// Listening rules: the dashboard binds HOST, 127.0.0.1 by default; any address
// beyond loopback needs an auth mode (DX_AUTH_MODE=basic or proxy, configured
// well enough to let someone in), else this script refuses to start. (The
// dashboard enforces it too: without an auth mode it answers loopback peers
// only, however it was started.) The emulator's control API has no
// authentication: it always binds 127.0.0.1.
//
// Both children live and die together: Ctrl-C or SIGTERM stops both, and if
// either exits on its own the other is stopped and this script exits non-zero.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import ipaddr from "ipaddr.js";

import { BCRYPT_MAX_PASSWORD_BYTES, passwordHashProblem } from "../lib/server/password";
import { normalizeUserName } from "../lib/server/user-names";
import {
  answers,
  startChild as spawnChild,
  stopChildren,
  waitUntil,
  type Child,
} from "./processes";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

const dev = process.argv.includes("--dev");
// "[::1]" is how a URL writes it; listen() wants the bare address.
const host = ((process.env.HOST ?? "").trim() || "127.0.0.1").replace(/^\[(.*)\]$/, "$1");
const port = parsePort("PORT", 3000);
const emulatorPort = parsePort("DX_EMULATOR_PORT", 4599);
const EMULATOR_HOST = "127.0.0.1";
const emulatorUrl = `http://${EMULATOR_HOST}:${emulatorPort}`;

const EMULATOR_READY_TIMEOUT_MS = 60_000;
const DASHBOARD_READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;

function parsePort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    fail(`${name} must be a port number, got "${raw}"`);
  }
  return value;
}

function log(message: string): void {
  console.log(`[dxmap] ${message}`);
}

function fail(message: string): never {
  console.error(`[dxmap] ${message}`);
  process.exit(1);
}

// --- listening rules -------------------------------------------------------

const list = (name: string) =>
  (process.env[name] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function isLoopback(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost") return true;
  if (!ipaddr.isValid(bare)) return false;
  return ipaddr.process(bare).range() === "loopback";
}

function isWildcard(address: string): boolean {
  return address === "0.0.0.0" || address === "::" || address === "[::]";
}

/** Refuses to start when the dashboard would be reachable by others without signing in. */
function checkListeningRules(): void {
  const mode = (process.env.DX_AUTH_MODE ?? "").trim() || "none";
  if (!["none", "basic", "proxy"].includes(mode)) {
    fail(`DX_AUTH_MODE must be none, basic or proxy, got "${mode}"`);
  }
  if (mode === "none" && !isLoopback(host)) {
    fail(
      `refusing to listen on ${host} without authentication: anyone who reaches that address could change ` +
        "your Direct Connect interfaces and BGP peers. Set DX_AUTH_MODE=basic (with DX_AUTH_USERS, see " +
        "`npm run hash-password`) or DX_AUTH_MODE=proxy (with DX_AUTH_PROXY_ADDRESSES), or leave HOST unset " +
        "to listen on 127.0.0.1 only.",
    );
  }
  if (mode === "basic") {
    const users = list("DX_AUTH_USERS");
    if (users.length === 0)
      fail(
        "DX_AUTH_MODE=basic needs DX_AUTH_USERS=user:hash[,user:hash...] (hashes from `npm run hash-password`)",
      );
    const seen = new Set<string>();
    for (const entry of users) {
      const colon = entry.indexOf(":");
      const user = colon > 0 ? normalizeUserName(entry.slice(0, colon)) : "";
      if (!user) fail("DX_AUTH_USERS entries are user:hash");
      if (seen.has(user))
        fail(`DX_AUTH_USERS lists ${user} twice (user names are compared without case)`);
      seen.add(user);
      const hash = entry.slice(colon + 1);
      const problem = passwordHashProblem(hash);
      if (problem) fail(`DX_AUTH_USERS: the hash of ${user} is unusable: ${problem}`);
      if (hash.startsWith("$2"))
        log(
          `note: ${user}'s bcrypt hash takes a password of up to ${BCRYPT_MAX_PASSWORD_BYTES} bytes; a longer ` +
            "one never signs in (bcrypt would ignore the rest). `npm run hash-password` has no such limit.",
        );
    }
  }
  if (mode === "proxy") {
    const addresses = list("DX_AUTH_PROXY_ADDRESSES");
    if (addresses.length === 0) {
      fail(
        "DX_AUTH_MODE=proxy needs DX_AUTH_PROXY_ADDRESSES: the addresses (or CIDRs) of the authenticating proxy",
      );
    }
    for (const address of addresses) {
      if (!ipaddr.isValid(address) && !ipaddr.isValidCIDR(address)) {
        fail(`DX_AUTH_PROXY_ADDRESSES: "${address}" is not an IP address or CIDR`);
      }
    }
    const secret = process.env.DX_AUTH_PROXY_SECRET ?? "";
    if (secret && secret.length < 16)
      fail("DX_AUTH_PROXY_SECRET must be at least 16 characters (e.g. `openssl rand -hex 32`)");
    const loopback = addresses.some((entry) => {
      if (!ipaddr.isValidCIDR(entry)) return isLoopback(entry);
      const range = ipaddr.parseCIDR(entry);
      return ["127.0.0.1", "::1"].some((a) => {
        const probe = ipaddr.parse(a);
        return probe.kind() === range[0].kind() && probe.match(range);
      });
    });
    if (loopback && !secret)
      log(
        "note: DX_AUTH_PROXY_ADDRESSES includes loopback, so any process on this machine can name any " +
          "user; set DX_AUTH_PROXY_SECRET and have the proxy send it.",
      );
  }
  if (mode === "none" && list("DX_WRITERS").length > 0)
    log("note: without sign-in nobody is among DX_WRITERS: every change will be refused.");
  if (process.env.DX_PUBLIC_HOST)
    fail(
      "DX_PUBLIC_HOST is replaced by DX_PUBLIC_URL, the address people open with its scheme " +
        `(e.g. DX_PUBLIC_URL=https://${process.env.DX_PUBLIC_HOST} behind TLS)`,
    );
  const publicUrl = process.env.DX_PUBLIC_URL ?? "";
  if (publicUrl && !isPublicUrl(publicUrl))
    fail(
      `DX_PUBLIC_URL must be the address people open, with its scheme and no path ` +
        `(https://dxmap.example.net[:port]), got "${publicUrl}"`,
    );
  if (!isLoopback(host) && !publicUrl && list("DX_ALLOWED_HOSTS").length === 0) {
    log(
      `note: only requests for localhost, 127.0.0.1 and [::1] are accepted; set DX_PUBLIC_URL to the ` +
        "address people use to reach dxmap (https://dxmap.example.net).",
    );
  }
}

function isPublicUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      ["http:", "https:"].includes(url.protocol) &&
      url.pathname === "/" &&
      !url.search &&
      !url.hash &&
      !url.username &&
      !url.password
    );
  } catch {
    return false;
  }
}

// --- build freshness -------------------------------------------------------

// Sources whose change needs a new `next build`. lib/emulator is not part of
// the dashboard bundle (it runs as its own process), so it never forces one.
const SOURCE_DIRS = ["app", "components", "lib", "public"];
const EXCLUDED_DIRS = new Set([path.join(root, "lib", "emulator")]);
const CONFIG_FILES = [
  "next.config.mjs",
  "proxy.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];

function newestMtime(dir: string): number {
  if (EXCLUDED_DIRS.has(dir) || !existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name)) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  const newestSource = Math.max(
    ...SOURCE_DIRS.map((d) => newestMtime(path.join(root, d))),
    ...CONFIG_FILES.map((f) => {
      const full = path.join(root, f);
      return existsSync(full) ? statSync(full).mtimeMs : 0;
    }),
  );
  return newestSource > builtAt;
}

function runToCompletion(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env: process.env });
    child.on("error", (err) => {
      console.error(`[dxmap] could not run ${command}: ${err.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// --- children --------------------------------------------------------------

const children: Child[] = [];
let stopping = false;

function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawnChild({
    name,
    command,
    args,
    env,
    cwd: root,
    onError: (err) => {
      console.error(`[dxmap] could not start the ${name}: ${err.message}`);
      void stopAll(1, `the ${name} failed to start`);
    },
    onExit: (code, signal) => {
      // On Ctrl-C the terminal signals the children too, and one may be seen
      // exiting before our own SIGINT handler runs: give that handler a moment.
      setTimeout(() => {
        if (stopping) return;
        const how = signal ? `signal ${signal}` : `code ${code}`;
        void stopAll(1, `the ${name} exited (${how})`);
      }, 200);
    },
  });
  children.push(child);
  return child;
}

async function stopAll(exitCode: number, reason: string): Promise<never> {
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  log(`${reason}; stopping…`);
  await stopChildren(children, STOP_GRACE_MS, (child) =>
    log(`the ${child.name} did not stop in time; killing it`),
  );
  process.exit(exitCode);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    void stopAll(0, `received ${signal}`);
  });
}

// --- readiness -------------------------------------------------------------

const emulatorHealthy = (res: Response) =>
  res.ok
    ? res.json().then((body: { status?: unknown }) => body.status === "ok")
    : Promise.resolve(false);

async function waitFor(
  what: string,
  child: Child,
  check: () => Promise<boolean>,
  timeoutMs: number,
) {
  const outcome = await waitUntil(check, {
    timeoutMs,
    giveUp: () => child.hasExited || stopping,
  });
  // Gave up: the child exited or everything is stopping, and stopAll() ends this process.
  if (outcome === "gave up") return new Promise<never>(() => {});
  if (outcome === "timeout")
    await stopAll(1, `the ${what} was not ready after ${timeoutMs / 1000}s`);
}

// --- main ------------------------------------------------------------------

async function main(): Promise<void> {
  checkListeningRules();
  if (!dev && buildIsStale()) {
    log("the build is missing or older than the sources; running next build…");
    const code = await runToCompletion(bin("next"), ["build"]);
    if (code !== 0) fail(`next build failed (exit code ${code})`);
  }
  if (stopping) return;

  // Another emulator already on the port would answer our health checks while
  // ours fails to bind; refuse rather than silently serve someone else's state.
  if (await answers(`${emulatorUrl}/_dxmap/health`, async () => true)) {
    fail(`something is already listening on ${emulatorUrl}; stop it or set DX_EMULATOR_PORT`);
  }

  log(`starting the Direct Connect emulator on ${emulatorUrl}…`);
  const emulator = startChild("emulator", bin("tsx"), [path.join("lib", "emulator", "main.ts")], {
    ...process.env,
    DX_EMULATOR_HOST: EMULATOR_HOST,
    DX_EMULATOR_PORT: String(emulatorPort),
  });
  await waitFor(
    "emulator",
    emulator,
    () => answers(`${emulatorUrl}/_dxmap/health`, emulatorHealthy),
    EMULATOR_READY_TIMEOUT_MS,
  );

  const url = (h: string) =>
    `http://${h.includes(":") && !h.startsWith("[") ? `[${h}]` : h}:${port}`;
  log(`starting the dashboard (${dev ? "development" : "production"}) on ${url(host)}…`);
  const dashboard = startChild(
    "dashboard",
    bin("tsx"),
    [
      path.join("scripts", "serve.ts"),
      "--hostname",
      host,
      "--port",
      String(port),
      ...(dev ? ["--dev"] : []),
    ],
    {
      ...process.env,
      NODE_ENV: dev ? "development" : "production",
      HOST: host,
      PORT: String(port),
      DX_EMULATOR_URL: emulatorUrl,
    },
  );
  // A wildcard address is reached through loopback; any answer below 500 (a 401 included) means up.
  const local = isWildcard(host) ? (host.includes(":") ? "::1" : "127.0.0.1") : host;
  await waitFor(
    "dashboard",
    dashboard,
    () => answers(`${url(local)}/`, async (res) => res.status < 500),
    DASHBOARD_READY_TIMEOUT_MS,
  );

  log(
    `dashboard ready: ${url(isLoopback(host) ? "localhost" : host)}  (emulator: ${emulatorUrl}; Ctrl-C to stop)`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  void stopAll(1, "start-up failed");
});
