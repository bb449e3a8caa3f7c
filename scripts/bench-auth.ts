/**
 * `npm run bench:auth`: how a signed-in user of a basic-auth dashboard fares while others flood it
 * with bad sign-ins. Every bad attempt makes the server check a password (scrypt, 32 MiB, on libuv's
 * thread pool, which file reads, zlib and DNS share), so a flood can slow everyone down.
 *
 * It starts one dashboard as `npm start` runs it (the production build, built first when missing or
 * stale; DX_AUTH_MODE=basic with one user, alice, whose password is hashed here with
 * `npm run hash-password`'s settings), signs alice in once, and then measures her requests, one after
 * another with a short pause as a polling page makes them (GET /api/topology and one of the page's
 * JavaScript files, alternately), in three phases:
 *   1. quiet: nobody else;
 *   2. flood from one address: 300 bad sign-ins in parallel (alice's name, wrong passwords), each
 *      sent again as soon as it is answered, all from 127.0.0.1;
 *   3. flood from 300 addresses: the same, each from its own loopback address (127.1.x.y) and each
 *      attempt with a user name of its own, as a password spray from many machines would.
 * The floods run in a child process, so that their work does not delay the measuring client.
 * Printed: alice's p50, p95 and slowest request per phase (and the p95 of each kind), and what the
 * flood got back. A flood phase lasts until its last attempt is answered.
 *
 *   npm run bench:auth
 * Environment: BENCH_AUTH_PORT (3410) and BENCH_AUTH_EMULATOR_PORT (4910); BENCH_AUTH_SECONDS (12),
 * how long each phase lasts; BENCH_AUTH_FLOOD (300), the bad sign-ins in flight.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

import { hashPassword } from "../lib/server/password";
import { root, startDashboard, stopAll, stopAllOnExit } from "./bench/dashboards";
import { log, sleep } from "./bench/log";
import { median, percentile } from "./bench/stats";

const PORT = Number(process.env.BENCH_AUTH_PORT ?? 3410);
const EMULATOR_PORT = Number(process.env.BENCH_AUTH_EMULATOR_PORT ?? 4910);
const PHASE_MS = Number(process.env.BENCH_AUTH_SECONDS ?? 12) * 1000;
const FLOOD = Number(process.env.BENCH_AUTH_FLOOD ?? 300);
/** Between two of alice's requests: a page polls, it does not hammer. */
const PAUSE_MS = 50;

type FloodMode = "one-address" | "many-addresses";

interface Answer {
  status: number;
  ms: number;
  body: string;
}

function get(
  url: string,
  headers: Record<string, string>,
  agent: http.Agent,
  localAddress?: string,
): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        headers: { Host: u.host, "Accept-Encoding": "gzip", ...headers },
        ...(localAddress ? { localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const ms = performance.now() - started;
          const body = Buffer.concat(chunks);
          const gzipped = res.headers["content-encoding"] === "gzip";
          resolve({
            status: res.statusCode ?? 0,
            ms,
            body: (gzipped ? gunzipSync(body) : body).toString("latin1"),
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

// --- the flood (a child process: `bench-auth.ts --flood <mode> <url> <ms> <count>`) -------------

async function flood(mode: FloodMode, url: string, ms: number, count: number): Promise<void> {
  const statuses: Record<string, number> = {};
  const deadline = performance.now() + ms;
  let attempts = 0;
  await Promise.all(
    Array.from({ length: count }, async (_, worker) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const localAddress =
        mode === "many-addresses"
          ? `127.1.${Math.floor(worker / 250)}.${(worker % 250) + 1}`
          : undefined;
      for (let n = 0; performance.now() < deadline; n++) {
        const user = mode === "one-address" ? "alice" : `sprayed-${worker}-${n}`;
        const authorization = basic(user, `wrong-password-${worker}-${n}`);
        attempts++;
        try {
          const res = await get(`${url}/api/config`, { authorization }, agent, localAddress);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? "error";
          statuses[code] = (statuses[code] ?? 0) + 1;
          await sleep(10);
        }
      }
      agent.destroy();
    }),
  );
  process.stdout.write(`${JSON.stringify({ attempts, statuses })}\n`);
}

function startFlood(mode: FloodMode, url: string) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      fileURLToPath(import.meta.url),
      "--flood",
      mode,
      url,
      String(PHASE_MS),
      String(FLOOD),
    ],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise<{ attempts: number; statuses: Record<string, number> }>((resolve, reject) =>
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out) as { attempts: number; statuses: Record<string, number> })
        : reject(new Error(`the flood exited with ${code}`)),
    ),
  );
}

// --- the signed-in user -------------------------------------------------------------------------

interface Phase {
  name: string;
  latencies: number[];
  /** The same, per kind of request. */
  topology: number[];
  script: number[];
  failures: Record<string, number>;
  flood?: { attempts: number; statuses: Record<string, number> };
}

async function measureAlice(
  name: string,
  url: string,
  authorization: string,
  asset: string,
  until: () => boolean,
): Promise<Phase> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const phase: Phase = { name, latencies: [], topology: [], script: [], failures: {} };
  for (let i = 0; !until(); i++) {
    const topology = i % 2 === 0;
    try {
      const res = await get(
        `${url}${topology ? "/api/topology" : asset}`,
        { authorization },
        agent,
      );
      if (res.status === 200) {
        phase.latencies.push(res.ms);
        (topology ? phase.topology : phase.script).push(res.ms);
      } else phase.failures[res.status] = (phase.failures[res.status] ?? 0) + 1;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      phase.failures[code] = (phase.failures[code] ?? 0) + 1;
    }
    await sleep(PAUSE_MS);
  }
  agent.destroy();
  return phase;
}

async function main(): Promise<void> {
  stopAllOnExit();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const dir = mkdtempSync(path.join(os.tmpdir(), "dxmap-bench-auth-"));
  const password = randomBytes(18).toString("base64url");
  const authorization = basic("alice", password);
  try {
    log(`starting a basic-auth dashboard on port ${PORT}…`);
    const dashboard = await startDashboard("auth", PORT, EMULATOR_PORT, "default", dir, {
      DX_AUTH_MODE: "basic",
      DX_AUTH_USERS: `alice:${await hashPassword(password)}`,
    });
    // Signed in once: later requests find her credentials remembered, as a browser's polls do.
    const page = await get(`${dashboard.url}/`, { authorization }, new http.Agent());
    if (page.status !== 200) throw new Error(`GET / as alice: ${page.status}`);
    const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(page.body)?.[1];
    if (!asset) throw new Error("no script in the page");

    const phases: Phase[] = [];
    const timed = (ms: number) => {
      const end = performance.now() + ms;
      return () => performance.now() >= end;
    };
    log(`quiet: ${PHASE_MS / 1000} s…`);
    phases.push(await measureAlice("quiet", dashboard.url, authorization, asset, timed(PHASE_MS)));
    for (const mode of ["one-address", "many-addresses"] as const) {
      await sleep(2_000);
      log(`flood from ${mode === "one-address" ? "one address" : `${FLOOD} addresses`}…`);
      let done = false;
      const flooding = startFlood(mode, dashboard.url).finally(() => (done = true));
      // Give the flood a moment to open its connections, then measure while it lasts.
      await sleep(500);
      const phase = await measureAlice(
        `flood from ${mode === "one-address" ? "one address" : `${FLOOD} addresses`}`,
        dashboard.url,
        authorization,
        asset,
        () => done,
      );
      phase.flood = await flooding;
      phases.push(phase);
    }
    await dashboard.stop();

    const f = (ms: number) => (Number.isNaN(ms) ? "–" : `${Math.round(ms)} ms`);
    const lines = [
      `Signed-in user during ${FLOOD} parallel bad sign-ins (${PHASE_MS / 1000} s per phase, ${os.cpus().length} cores, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")})`,
      "",
      "| Phase | Requests | p50 | p95 | Slowest | p95 topology | p95 script | Refused or failed | Flood attempts | Flood answers |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...phases
        .map((p) =>
          [
            p.name,
            p.latencies.length,
            f(median(p.latencies)),
            f(percentile(p.latencies, 95)),
            f(Math.max(...p.latencies)),
            f(percentile(p.topology, 95)),
            f(percentile(p.script, 95)),
            JSON.stringify(p.failures),
            p.flood ? p.flood.attempts : "–",
            p.flood ? JSON.stringify(p.flood.statuses) : "–",
          ].join(" | "),
        )
        .map((row) => `| ${row} |`),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--flood") {
  const [, , , mode, url, ms, count] = process.argv;
  void flood(mode as FloodMode, url!, Number(ms), Number(count));
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
