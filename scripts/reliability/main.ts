/**
 * `npm run test:reliability`: how dxmap stands up to bad input, crashes, a throttling storm and load,
 * as one table with each figure's target and PASS/MISS, printed and written to
 * .data/reliability/latest.md and latest.json; the exit code is 1 when any figure missed.
 *
 * Each part runs against production dashboards and emulators of its own, with fresh state files and
 * audit logs, on ports RELIABILITY_PORT (3600-3606; 3607 the load dashboard's inspector) and
 * RELIABILITY_EMULATOR_PORT (5600-5606),
 * started as `npm start` starts them (scripts/start.ts, which builds first when the build is
 * stale), but for the crash part's, which are started as separate processes so that each can be
 * killed alone:
 *   - bad input (fuzz-api.ts, fuzz-emulator.ts): every API route, the emulator's wire and its control
 *     API, fuzzed with fast-check;
 *   - crashes (crashes.ts): kill -9 of the emulator, then of the dashboard, during bursts of changes;
 *   - throttling (storm.ts): the emulator throttles every call for a minute, then none;
 *   - load (load.ts): 50 polling clients and 5 changes a second on estate L, then 500 idle
 *     connections and a slow-headers client;
 *   - replicas (replicas.ts): two dashboards on one PostgreSQL (TEST_DATABASE_URL), BGP flips
 *     recorded once each across a kill -9 of the collecting one.
 *
 *   npm run test:reliability                          # everything (about 5 minutes, more to build)
 *   npm run test:reliability -- --only crashes,load   # some parts: bad-input, crashes, throttling, load
 *
 * Environment: RELIABILITY_SEED (fast-check's seed; random, and printed, by default),
 * RELIABILITY_CASES (1000 per route), RELIABILITY_STORM_SECONDS (60), RELIABILITY_LOAD_SECONDS (120);
 * RELIABILITY_KEEP=1 keeps the servers' logs, state files and audit logs (their directory is printed).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { stopAllOnExit } from "../bench/dashboards";
import { crashes } from "./crashes";
import { fuzzApi } from "./fuzz-api";
import { fuzzEmulator } from "./fuzz-emulator";
import { load } from "./load";
import { replicas } from "./replicas";
import { figure, report, type Figure, type Part, type Run } from "./report";
import { root, startEmulatorProcess, startPair, stopEverything } from "./servers";
import { COLLECT_MS, storm } from "./storm";

const PARTS: Record<string, Part> = {
  "bad-input": "bad input",
  crashes: "crashes",
  throttling: "throttling",
  load: "load",
  replicas: "replicas",
};

const args = process.argv.slice(2);
const onlyAt = args.indexOf("--only");
const only =
  onlyAt >= 0 ? (args[onlyAt + 1] ?? "").split(",").map((s) => s.trim()) : Object.keys(PARTS);
for (const name of only)
  if (!(name in PARTS))
    throw new Error(`--only takes ${Object.keys(PARTS).join(", ")}; got "${name}"`);
const selected = new Set(only.map((name) => PARTS[name]!));

const number = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
};
const PORT = number("RELIABILITY_PORT", 3600);
const EMULATOR_PORT = number("RELIABILITY_EMULATOR_PORT", 5600);
const SEED = number("RELIABILITY_SEED", Math.floor(Math.random() * 2 ** 31));
const CASES = number("RELIABILITY_CASES", 1000);
const STORM_SECONDS = number("RELIABILITY_STORM_SECONDS", 60);
const LOAD_SECONDS = number("RELIABILITY_LOAD_SECONDS", 120);
const OUT_DIR = path.join(root, ".data", "reliability");
/**
 * Nothing moves on its own while the fuzzers run: every change would be theirs. Their collectors read
 * every COLLECT_MS (storm.ts measures within it).
 */
const STILL = {
  DX_EMULATOR_TRANSITION_MS: String(3_600_000),
  DX_COLLECT_INTERVAL_MS: String(COLLECT_MS),
  // Read far more often than by default, and changed five times a second under load: each
  // account's call budget likewise. At 50 calls a second, the load's re-reads after its changes
  // queued behind the collector's reads (polls answered after 24 s), and passes with every call
  // failing or throttled outlasted the crash and storm parts' windows. The budget itself is
  // tested by test/api/budget.test.ts and measured by the bench.
  DX_ACCOUNT_CALLS_PER_SECOND: "200",
};

/**
 * The bad-input dashboard's collector reads once, when it starts, and not again within the hour: the
 * emulator's call log then counts only the calls the fuzzed requests made (which must be none).
 */
const QUIET = {
  DX_EMULATOR_TRANSITION_MS: String(3_600_000),
  DX_COLLECT_INTERVAL_MS: String(3_600_000),
  DX_COLLECT_FAST_MS: String(3_600_000),
};

/** Progress goes to stderr: stdout carries only the table. */
const log = (message: string) => process.stderr.write(`[reliability] ${message}\n`);

stopAllOnExit();

async function main(): Promise<boolean> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const run: Run = {
    command: `npm run test:reliability${args.length ? ` -- ${args.join(" ")}` : ""}`,
    startedAt: new Date(),
    loadAtStart: os.loadavg(),
    durations: {},
    seed: SEED,
  };
  log(`fast-check seed ${SEED} (RELIABILITY_SEED=${SEED} repeats these cases)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "dxmap-reliability-"));
  const figures: Figure[] = [];
  const failed = (name: Part, error: unknown) => {
    log(`${name} failed: ${(error as Error).stack ?? String(error)}`);
    figures.push(
      figure(name, "the part ran to its end", `no: ${(error as Error).message}`, "yes", false),
    );
  };
  /** Runs a part, if selected: its figures, or one that says it failed; then `cleanup`. */
  const part = async (name: Part, work: () => Promise<Figure[]>, cleanup: () => Promise<void>) => {
    if (!selected.has(name)) return;
    const started = performance.now();
    log(`${name}…`);
    try {
      figures.push(...(await work()));
    } catch (error) {
      failed(name, error);
    } finally {
      await cleanup().catch(() => undefined);
    }
    run.durations[name] = (performance.now() - started) / 1000;
    log(`${name}: ${Math.round(run.durations[name])} s`);
  };
  /** A pair for a part, started through start.ts; undefined (and the part failed) if it would not start. */
  const pairFor = async (name: Part, ...args: Parameters<typeof startPair>) => {
    if (!selected.has(name)) return undefined;
    try {
      return await startPair(...args);
    } catch (error) {
      failed(name, error);
      selected.delete(name);
      return undefined;
    }
  };

  try {
    // One at a time through start.ts: the first builds when the build is stale, and two builds at
    // once in one .next would break each other.
    const fuzz = await pairFor("bad input", "fuzz", PORT, EMULATOR_PORT, "default", dir, QUIET);
    const throttled = await pairFor(
      "throttling",
      "storm",
      PORT + 1,
      EMULATOR_PORT + 1,
      "default",
      dir,
      STILL,
    );
    // The storm is mostly waiting (a minute of throttled calls): it runs beside the fuzzing, whose
    // figures are counts. The load, whose figures are times and memory, runs alone.
    const options = { cases: CASES, concurrency: 24, seed: SEED };
    await Promise.all([
      part(
        "bad input",
        async () => {
          // The emulator's wire is fuzzed on an emulator of its own, beside the dashboard's routes:
          // the dashboard's emulator counts the calls the dashboard makes, and only those.
          const stateFile = path.join(dir, "wire-state.json");
          const port = EMULATOR_PORT + 5;
          const wire = await startEmulatorProcess(
            "wire emulator",
            port,
            stateFile,
            path.join(dir, "wire.log"),
            {
              DX_EMULATOR_SEED: "default",
              ...STILL,
            },
          );
          try {
            const [routes, emulator] = await Promise.all([
              fuzzApi(fuzz!, options, log),
              fuzzEmulator({ url: `http://127.0.0.1:${port}`, stateFile }, options, log),
            ]);
            return [...routes, ...emulator];
          } finally {
            await wire.stop();
          }
        },
        () => fuzz!.stop(),
      ),
      part(
        "throttling",
        () => storm(throttled!, STORM_SECONDS, log),
        () => throttled!.stop(),
      ),
    ]);
    await part(
      "crashes",
      async () => {
        if (!fuzz && !throttled) {
          // Its dashboard serves the build as it is: start.ts makes sure it is current first.
          log("checking the build (scripts/start.ts builds when it is stale)…");
          const probe = await startPair("build-check", PORT + 4, EMULATOR_PORT + 4, "empty", dir);
          await probe.stop();
        }
        return crashes(PORT + 2, EMULATOR_PORT + 2, dir, log);
      },
      stopEverything,
    );
    await part("replicas", () => replicas(PORT + 5, EMULATOR_PORT + 6, dir, log), stopEverything);
    // Five changes a second, each re-reading its scope (some six calls): more than the default budget
    // of 5 calls a second per account lets AWS be asked (polls then waited 25 s behind the queue).
    // Its inspector is opened (SIGUSR1) on this port to read what it keeps alive.
    const inspectPort = PORT + 7;
    const loaded = await pairFor("load", "load", PORT + 3, EMULATOR_PORT + 3, "L", dir, {
      DX_ACCOUNT_CALLS_PER_SECOND: "200",
      NODE_OPTIONS: `--inspect-port=127.0.0.1:${inspectPort}`,
    });
    await part(
      "load",
      () => load(loaded!, LOAD_SECONDS, inspectPort, log),
      () => loaded!.stop(),
    );
  } finally {
    await stopEverything();
    if (process.env.RELIABILITY_KEEP)
      log(`the logs, state files and audit logs are kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return report(root, OUT_DIR, figures, run);
}

main()
  .then((passed) => {
    process.exitCode = passed ? 0 : 1;
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopEverything();
    process.exit();
  });
