// Replicas: two dashboards (scripts/serve.ts, production build) on one PostgreSQL server and one
// emulator, as a team runs them. BGP sessions are flipped through the emulator's control API, one
// every COLLECT_MS and a half; halfway, the replica that collects is killed with kill -9 (its
// leases stay in the database until they run out), and the flips after it are AFTER_KILL_MS apart:
// a replica that takes the leases over reads every scope at once, then waits for each account's
// place in the interval (lib/history/collector.ts, as at a start), so its first two reads of a
// scope can be up to two intervals apart, and a session down for less than that between them is
// never seen (a CI run lost one such pair, down and up 1.5 intervals apart). Then the store is
// read: every flip is recorded exactly once — none lost across the takeover, none written by both —
// the ones before the kill within an interval of the flip, and the other replica holds every lease
// within two intervals of the kill. Needs TEST_DATABASE_URL (scripts/test-postgres.sh; .ci/run sets
// it): each run makes a database of its own there and drops it after.
import { randomUUID } from "node:crypto";
import path from "node:path";

import pg from "pg";

import type { DxTopology } from "../../lib/dx/types";
import { topology } from "./dashboard";
import { send, sleep } from "./http";
import { figure, info, type Figure } from "./report";
import { pidListeningOn, startDashboardProcess, startEmulatorProcess } from "./servers";

const COLLECT_MS = 1_000;
const FLIPS = 20;
const AFTER_KILL_MS = COLLECT_MS * 2.5;

interface Flip {
  peerId: string;
  to: "up" | "down";
  at: number;
  afterKill: boolean;
}

export async function replicas(
  port: number,
  emulatorPort: number,
  dir: string,
  log: (m: string) => void,
): Promise<Figure[]> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server)
    return [
      info(
        "replicas",
        "two replicas on one PostgreSQL",
        'not run: TEST_DATABASE_URL is not set (eval "$(bash scripts/test-postgres.sh)")',
      ),
    ];
  const name = `dxmap_replicas_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = new pg.Client({ connectionString: url.toString() });
  try {
    const emulator = await startEmulatorProcess(
      "replicas emulator",
      emulatorPort,
      path.join(dir, "replicas-state.json"),
      path.join(dir, "replicas-emulator.log"),
      { DX_EMULATOR_SEED: "default", DX_EMULATOR_TRANSITION_MS: "3600000" },
    );
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const env = {
      DATABASE_URL: url.toString(),
      DX_COLLECT_INTERVAL_MS: String(COLLECT_MS),
      DX_ACCOUNT_CALLS_PER_SECOND: "200",
    };
    const a = await startDashboardProcess(
      "replica-a",
      port,
      emulatorUrl,
      path.join(dir, "replica-a-audit.log"),
      path.join(dir, "replica-a.log"),
      env,
    );
    const first = await topology(`http://127.0.0.1:${port}`);
    const b = await startDashboardProcess(
      "replica-b",
      port + 1,
      emulatorUrl,
      path.join(dir, "replica-b-audit.log"),
      path.join(dir, "replica-b.log"),
      env,
    );
    await topology(`http://127.0.0.1:${port + 1}`);
    await db.connect();
    const pidA = pidListeningOn(port);
    const pidB = pidListeningOn(port + 1);
    const holders = async () =>
      (
        await db.query<{ holder: string; n: string }>(
          "select holder, count(*) n from leases where expires_at > now() group by holder",
        )
      ).rows;
    const scopes = (await db.query("select count(*) n from leases")).rows[0].n as string;
    const holdsAll = async (pid: number | undefined) =>
      (await holders()).some((h) => h.holder.includes(`:${pid}:`) && h.n === scopes);
    if (!(await holdsAll(pidA))) throw new Error("the first replica does not hold every lease");

    const peers = first.virtualInterfaces
      .filter((v) => v.state === "available" && v.bgpPeers.every((p) => p.bgpStatus === "up"))
      .flatMap((v) => v.bgpPeers.map((p) => ({ vif: v.id, peer: p.id })));
    const flips: Flip[] = [];
    let killedAt = 0;
    let tookOverAt = 0;
    for (let i = 0; i < FLIPS; i++) {
      const { vif, peer } = peers[Math.floor(i / 2) % peers.length]!;
      const to = i % 2 === 0 ? "down" : "up";
      const res = await send(`${emulatorUrl}/_dxmap/bgp`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ virtualInterfaceId: vif, bgpPeerId: peer, status: to }),
      });
      if (res.status !== 200) throw new Error(`the emulator refused a flip: ${res.status}`);
      flips.push({ peerId: peer, to, at: Date.now(), afterKill: killedAt > 0 });
      if (i === FLIPS / 2 - 1) {
        await sleep(COLLECT_MS * 1.5);
        log(`replicas: kill -9 of the collecting replica (pid ${pidA})`);
        await a.kill9();
        killedAt = Date.now();
      }
      const end = Date.now() + (killedAt ? AFTER_KILL_MS : COLLECT_MS * 1.5);
      while (Date.now() < end) {
        if (killedAt && !tookOverAt && (await holdsAll(pidB))) tookOverAt = Date.now();
        await sleep(50);
      }
    }
    while (!tookOverAt && Date.now() - killedAt < COLLECT_MS * 10) {
      if (await holdsAll(pidB)) tookOverAt = Date.now();
      await sleep(50);
    }
    await sleep(COLLECT_MS * 3);
    // What the surviving replica serves: the last flip's state, read from its own snapshot.
    const served: DxTopology = await topology(`http://127.0.0.1:${port + 1}`);
    const events = (
      await db.query<{ resource_id: string; to_value: string; time: Date }>(
        "select resource_id, to_value, time from events where field = 'bgpStatus' order by id",
      )
    ).rows;
    let recorded = 0;
    let doubled = 0;
    let lagBefore = 0;
    let lagAfter = 0;
    // Each flip's event: the first of its peer and status after the flip, not taken by an earlier flip.
    const taken = new Set<number>();
    for (const flip of flips) {
      const matches = events
        .map((e, i) => ({ e, i }))
        .filter(
          ({ e, i }) =>
            !taken.has(i) &&
            e.resource_id === flip.peerId &&
            e.to_value === flip.to &&
            e.time.getTime() >= flip.at - 50,
        );
      if (matches.length === 0) continue;
      recorded++;
      taken.add(matches[0]!.i);
      const lag = matches[0]!.e.time.getTime() - flip.at;
      if (flip.afterKill) lagAfter = Math.max(lagAfter, lag);
      else lagBefore = Math.max(lagBefore, lag);
    }
    doubled = events.length - taken.size;
    const last = flips[flips.length - 1]!;
    const lastServed = served.virtualInterfaces
      .flatMap((v) => v.bgpPeers)
      .find((p) => p.id === last.peerId)?.bgpStatus;
    await b.stop();
    await emulator.stop();
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return [
      figure(
        "replicas",
        `BGP flips recorded (${FLIPS}, half after the kill -9)`,
        `${recorded} of ${FLIPS}`,
        `= ${FLIPS}`,
        recorded === FLIPS,
      ),
      figure(
        "replicas",
        "events recorded twice or for no flip",
        String(doubled),
        "= 0",
        doubled === 0,
      ),
      figure(
        "replicas",
        "flip → event, collecting replica alive (max)",
        s(lagBefore),
        `≤ ${s(COLLECT_MS)} (one interval)`,
        lagBefore <= COLLECT_MS + 250,
      ),
      info("replicas", "flip → event, around the takeover (max)", s(lagAfter)),
      figure(
        "replicas",
        "kill -9 → the other replica holds every lease",
        tookOverAt ? s(tookOverAt - killedAt) : "never",
        `≤ ${s(2 * COLLECT_MS)} (two intervals)`,
        tookOverAt > 0 && tookOverAt - killedAt <= 2 * COLLECT_MS + 250,
      ),
      figure(
        "replicas",
        "the surviving replica serves the last flip",
        lastServed ?? "not found",
        `= ${last.to}`,
        lastServed === last.to,
      ),
    ];
  } finally {
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
