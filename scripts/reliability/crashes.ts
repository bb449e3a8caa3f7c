// Crashes: kill -9 of the emulator, then of the dashboard, each during a burst of changes sent through
// the dashboard (new private interfaces, each on its own VLAN, so that every change is told apart by
// its connection and VLAN). The two run as separate processes (lib/emulator/main.ts and
// scripts/serve.ts, as start.ts would start them): start.ts stops the dashboard when its emulator
// exits, and the point is to see the dashboard ride out its emulator's death.
//
// The emulator's death: every change the dashboard answered 200 is there once the emulator is back on
// the same state file; meanwhile the map says the backend is unavailable (503 backend_unavailable, once
// the collector's next pass has met the outage: the dashboard reads every COLLECT_MS), and the first
// read after the restart is whole again, with no restart of the dashboard.
// The dashboard's death: every change the emulator made (its call log, and its state) has an audit
// line naming it, the intent written before the call or the outcome after it.
import { readFileSync } from "node:fs";
import path from "node:path";

import {
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
  type VirtualInterface,
} from "@aws-sdk/client-direct-connect";

import { DEFAULT_ACCOUNTS } from "../../lib/emulator/emulator";
import type { DxMutationResult, DxTopology, DxVirtualInterface } from "../../lib/dx/types";
import { change, errorCode, poll, topology } from "./dashboard";
import { callLog, clearCallLog, json, keepAlive, sleep, type Reply } from "./http";
import { figure, info, type Figure } from "./report";
import { startDashboardProcess, startEmulatorProcess } from "./servers";

/**
 * The dashboard's collector interval: until its next pass (and that pass's retries) has met the
 * outage, a read is answered from the snapshot made before the kill.
 */
const COLLECT_MS = 2_000;
const MET_MS = COLLECT_MS + 1_500;
const CONCURRENCY = 12;
/** Changes answered before the kill: the rest of the burst is in flight when it lands. */
const ACKED_BEFORE_KILL = 25;
const AUDIT_HOLE = "audit intent record before each AWS call";

interface Parent {
  id: string;
  region: string;
  vgw: string;
  /** Interfaces it still takes (AWS: 51 per connection or LAG). */
  room: number;
}

/** network's connections and LAGs that take new private interfaces, with its gateway in their region. */
function parents(t: DxTopology): Parent[] {
  const out: Parent[] = [];
  const candidates = [
    ...t.connections
      .filter(
        (c) => c.account === "network" && c.state === "available" && !c.partnerName && !c.lagId,
      )
      .map((c) => ({ id: c.id, region: c.region })),
    ...t.lags
      .filter((l) => l.account === "network" && l.state === "available")
      .map((l) => ({ id: l.id, region: l.region })),
  ];
  for (const c of candidates) {
    const vgw = t.virtualGateways.find((g) => g.account === "network" && g.region === c.region);
    const used = t.virtualInterfaces.filter((v) => v.connectionId === c.id).length;
    if (vgw) out.push({ ...c, vgw: vgw.id, room: Math.max(0, 45 - used) });
  }
  return out;
}

interface Sent {
  parent: string;
  region: string;
  vlan: number;
  status: number | "no answer";
  id?: string;
  at: number;
}

/**
 * Creates interfaces through the dashboard, CONCURRENCY at a time, each on its own VLAN, until told
 * to stop; calls `onAck` after each 200.
 */
function burst(url: string, all: Parent[], firstVlan: number, onAck: (n: number) => void) {
  const agent = keepAlive(CONCURRENCY);
  const sent: Sent[] = [];
  let stopped = false;
  let vlan = firstVlan;
  let acked = 0;
  const room = new Map(all.map((p) => [p.id, p.room]));
  // Round the parents, each while it has room.
  const next = () => {
    for (let tried = 0; tried < all.length; tried++) {
      const parent = all[(vlan - firstVlan + tried) % all.length]!;
      if ((room.get(parent.id) ?? 0) > 0) {
        room.set(parent.id, room.get(parent.id)! - 1);
        return { parent, vlan: vlan++ };
      }
    }
    return undefined;
  };
  const worker = async () => {
    while (!stopped) {
      const job = next();
      if (!job) return;
      const { parent } = job;
      const record: Sent = {
        parent: parent.id,
        region: parent.region,
        vlan: job.vlan,
        status: "no answer",
        at: Date.now(),
      };
      sent.push(record);
      let res: Reply;
      try {
        res = await change(
          url,
          "POST",
          "/api/virtual-interfaces",
          {
            account: "network",
            region: parent.region,
            connectionId: parent.id,
            type: "private",
            name: `crash-${job.vlan}`,
            vlan: job.vlan,
            asn: 65000,
            virtualGatewayId: parent.vgw,
          },
          agent,
        );
      } catch {
        // The dashboard died with this one in flight; the next would find no one listening.
        await sleep(50);
        continue;
      }
      record.status = res.status;
      if (res.status === 200) {
        record.id = json<DxMutationResult<DxVirtualInterface>>(res)?.resource.id;
        onAck(++acked);
      } else if (res.status >= 500) {
        // The outage: wait before the next, as a person would.
        await sleep(200);
      }
    }
  };
  const done = Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return {
    sent,
    stop: async () => {
      stopped = true;
      await done;
      agent.destroy();
    },
  };
}

/** Resolves once `n` changes were answered 200 (or rejects after `timeoutMs`). */
function acks(n: number, timeoutMs: number) {
  let resolve!: () => void;
  let count = 0;
  const reached = new Promise<void>((r, reject) => {
    resolve = r;
    setTimeout(
      () => reject(new Error(`fewer than ${n} changes answered within ${timeoutMs} ms`)),
      timeoutMs,
    ).unref();
  });
  return { reached, onAck: (k: number) => ((count = k), count >= n && resolve()) };
}

/** Every interface the emulator holds, as network sees it, in each region. */
async function interfaces(emulatorUrl: string, regions: string[]): Promise<VirtualInterface[]> {
  const network = DEFAULT_ACCOUNTS[0]!;
  const lists = await Promise.all(
    regions.map(async (region) => {
      const client = new DirectConnectClient({
        region,
        endpoint: emulatorUrl,
        credentials: { accessKeyId: network.accessKeyId, secretAccessKey: network.secretAccessKey },
        maxAttempts: 1,
      });
      try {
        return (
          (await client.send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces ?? []
        );
      } finally {
        client.destroy();
      }
    }),
  );
  return lists.flat();
}

export async function crashes(
  port: number,
  emulatorPort: number,
  dir: string,
  log: (m: string) => void,
): Promise<Figure[]> {
  const stateFile = path.join(dir, "crash-state.json");
  const auditLog = path.join(dir, "crash-audit.log");
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const url = `http://127.0.0.1:${port}`;
  const emulatorEnv = { DX_EMULATOR_SEED: "default", DX_EMULATOR_TRANSITION_MS: String(3_600_000) };
  const startEmulator = () =>
    startEmulatorProcess(
      "crash emulator",
      emulatorPort,
      stateFile,
      path.join(dir, "crash-emulator.log"),
      emulatorEnv,
    );
  const startDashboard = () =>
    startDashboardProcess(
      "crash dashboard",
      port,
      emulatorUrl,
      auditLog,
      path.join(dir, "crash-dashboard.log"),
      // Read 7.5 times as often as by default: the call budget more than likewise (see main.ts).
      { DX_COLLECT_INTERVAL_MS: String(COLLECT_MS), DX_ACCOUNT_CALLS_PER_SECOND: "200" },
    );
  let emulator = await startEmulator();
  const dashboard = await startDashboard();
  const estate = await topology(url);
  const all = parents(estate);
  if (all.length === 0) throw new Error("no connection of network's takes a new interface");
  const figures: Figure[] = [];

  // --- kill -9 of the emulator ---------------------------------------------------------------
  const first = acks(ACKED_BEFORE_KILL, 120_000);
  const changes = burst(url, all, 2000, first.onAck);
  await first.reached;
  await emulator.kill9();
  const killedAt = Date.now();
  log(
    `  emulator killed with ${changes.sent.filter((s) => s.status === "no answer").length} changes in flight`,
  );
  const outage: { at: number; status: number; code?: string; errors: number }[] = [];
  while (Date.now() - killedAt < MET_MS + 3_000) {
    const at = Date.now();
    const res = await poll(url).catch(() => undefined);
    const body = res?.status === 200 ? json<DxTopology>(res) : undefined;
    outage.push({
      at: at - killedAt,
      status: res?.status ?? 0,
      ...(res && res.status !== 200 ? { code: errorCode(res) } : {}),
      errors: body?.errors.length ?? 0,
    });
    await sleep(250);
  }
  await changes.stop();
  emulator = await startEmulator();
  const restartedAt = Date.now();
  const after = await poll(url);
  const afterBody = after.status === 200 ? json<DxTopology>(after) : undefined;
  const acked = changes.sent.filter((s) => s.status === 200);
  const present = new Set(afterBody?.virtualInterfaces.map((v) => v.id) ?? []);
  const kept = acked.filter((s) => s.id && present.has(s.id));
  const unanswered = changes.sent.filter((s) => s.status !== 200);
  const extra = afterBody
    ? afterBody.virtualInterfaces.filter(
        (v) => v.name.startsWith("crash-") && !acked.some((s) => s.id === v.id),
      ).length
    : 0;
  log(
    `  ${acked.length} answered 200, ${unanswered.length} not; after the restart ${kept.length} of them there, ` +
      `and ${extra} that were not answered; outage reads ${JSON.stringify(outage)}`,
  );
  figures.push(
    figure(
      "crashes",
      "emulator kill -9 during a burst of changes: those answered 200 present after its restart",
      `${kept.length}/${acked.length} (${unanswered.length} more were in flight or sent during the outage; ${extra} of those were made)`,
      "all",
      acked.length >= ACKED_BEFORE_KILL && kept.length === acked.length,
    ),
  );
  const afterCache = outage.filter((o) => o.at >= MET_MS);
  const unavailable = (o: (typeof outage)[number]) =>
    o.status === 503 && o.code === "backend_unavailable";
  const within = outage.filter((o) => o.at < MET_MS);
  // Before the collector's pass meets the outage, a read is the snapshot from before the kill.
  const honest = within.every((o) => unavailable(o) || o.status === 200);
  const tally = (list: typeof outage) => {
    const counts = new Map<string, number>();
    for (const o of list) {
      const key =
        o.status === 200
          ? o.errors > 0
            ? "200 naming the failure"
            : "200 (the snapshot before the kill)"
          : `${o.status} ${o.code ?? ""}`.trim();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].map(([k, n]) => `${n} × ${k}`).join(", ") || "none";
  };
  figures.push(
    figure(
      "crashes",
      "GET /api/topology while the emulator is down",
      `${afterCache.filter(unavailable).length}/${afterCache.length} after the collector's next pass answered 503 backend_unavailable ` +
        `[within it: ${tally(within)}]`,
      "503 backend_unavailable (before that pass: 503, or 200, the snapshot from before the kill)",
      afterCache.length > 0 && afterCache.every(unavailable) && honest,
    ),
  );
  figures.push(
    figure(
      "crashes",
      "first GET /api/topology after the emulator's restart, same dashboard",
      `${after.status}${afterBody ? `, ${afterBody.errors.length} errors` : ` ${errorCode(after) ?? ""}`}, ${after.ms.toFixed(0)} ms (${Date.now() - restartedAt} ms after it listened)`,
      "200, no errors",
      after.status === 200 && afterBody?.errors.length === 0,
    ),
  );

  // --- kill -9 of the dashboard ----------------------------------------------------------------
  const room = parents(afterBody ?? (await topology(url)));
  await clearCallLog(emulatorUrl);
  const regions = [...new Set(all.map((p) => p.region))];
  const before = new Set((await interfaces(emulatorUrl, regions)).map((v) => v.virtualInterfaceId));
  const auditBefore = readAudit(auditLog).length;
  const second = acks(15, 120_000);
  const more = burst(url, room, 3000, second.onAck);
  await second.reached;
  await dashboard.kill9();
  await more.stop();
  // The emulator finishes what the dead dashboard had sent it.
  await sleep(1_500);
  const made = (await interfaces(emulatorUrl, regions)).filter(
    (v) => !before.has(v.virtualInterfaceId!),
  );
  const writes = (
    await callLog(emulatorUrl, "?operation=CreatePrivateVirtualInterface")
  ).calls.filter((c) => c.status === 200);
  const lines = readAudit(auditLog).slice(auditBefore);
  const named = made.filter((v) =>
    lines.some(
      (l) =>
        (l.operation ?? "").includes("VirtualInterface") &&
        l.parameters?.connectionId === v.connectionId &&
        l.parameters?.vlan === v.vlan,
    ),
  );
  const byRequestId = writes.filter((w) =>
    lines.some((l) => l.awsRequestId === w.requestId),
  ).length;
  log(
    `  dashboard killed: the emulator made ${made.length} interfaces (${writes.length} CreatePrivateVirtualInterface answered 200 in its log), ` +
      `${named.length} with an audit line naming them (${byRequestId} by AWS request id); ${more.sent.filter((s) => s.status === 200).length} answered 200 to the client`,
  );
  figures.push(
    figure(
      "crashes",
      "dashboard kill -9 during a burst of changes: changes the emulator made with an audit line naming them",
      `${named.length}/${made.length} (its call log: ${writes.length} made; ${more.sent.filter((s) => s.status === 200).length} answered to the client)`,
      "all",
      made.length === writes.length && named.length === made.length && made.length > 0,
      AUDIT_HOLE,
    ),
  );
  figures.push(
    info("crashes", "audit lines written for the burst (intent and outcome)", `${lines.length}`),
  );
  return figures;
}

interface AuditLine {
  operation?: string;
  outcome?: string;
  awsRequestId?: string;
  parameters?: { connectionId?: string; vlan?: number };
}

function readAudit(file: string): AuditLine[] {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  // A line cut short by the kill is no record.
  return text.split("\n").flatMap((line) => {
    try {
      return [JSON.parse(line) as AuditLine];
    } catch {
      return [];
    }
  });
}
