/**
 * `npm run bench:emulator`: requests per second and p50/p99 latency of the emulator, measured from a
 * real SDK v3 client over loopback, with the emulator in its own process (as `npm run emulator` runs it).
 *   1. DescribeVirtualInterfaces with 500 interfaces in the region (plus the seeded ones);
 *   2. CreateBGPPeer (an IPv6 peer on each of those interfaces): every call is a durable write.
 * Options (environment): BENCH_CONCURRENCY (8), BENCH_READS (2000).
 */
import {
  CreateBGPPeerCommand,
  CreateConnectionCommand,
  CreatePrivateVirtualInterfaceCommand,
  DescribeVirtualGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
} from "@aws-sdk/client-direct-connect";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const READS = Number(process.env.BENCH_READS ?? 2000);
const INTERFACES = 500;

async function startEmulatorProcess() {
  const dir = mkdtempSync(join(tmpdir(), "dxmap-bench-"));
  const child = spawn(process.execPath, ["--import", "tsx", "lib/emulator/main.ts"], {
    env: {
      ...process.env,
      DX_EMULATOR_PORT: "0",
      DX_EMULATOR_DATA: join(dir, "state.json"),
      DX_EMULATOR_TRANSITION_MS: "3000",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `count` calls with `concurrency` in flight; returns each call's latency in ms and the wall time. */
async function measure(count: number, concurrency: number, call: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { count, rps: count / seconds, p50: pct(50), p99: pct(99) };
}

const emulator = await startEmulatorProcess();
const client = new DirectConnectClient({
  region: "us-east-1",
  endpoint: emulator.url,
  credentials: {
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  },
  maxAttempts: 1,
});
try {
  const vgw = (await client.send(new DescribeVirtualGatewaysCommand({}))).virtualGateways![0]!
    .virtualGatewayId!;
  // 50 interfaces per connection (the service allows 51), so 10 connections hold 500.
  const connections: string[] = [];
  for (let i = 0; i < INTERFACES / 50; i += 1) {
    const c = await client.send(
      new CreateConnectionCommand({
        location: "EqDC2",
        bandwidth: "10Gbps",
        connectionName: `bench-${i}`,
      }),
    );
    connections.push(c.connectionId!);
  }
  const vifIds: string[] = [];
  const setup = await measure(INTERFACES, CONCURRENCY, async (i) => {
    const vif = await client.send(
      new CreatePrivateVirtualInterfaceCommand({
        connectionId: connections[Math.floor(i / 50)]!,
        newPrivateVirtualInterface: {
          virtualInterfaceName: `bench-${i}`,
          vlan: 1000 + (i % 50),
          asn: 65000,
          virtualGatewayId: vgw,
        },
      }),
    );
    vifIds.push(vif.virtualInterfaceId!);
  });
  const total = (await client.send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces!
    .length;

  await measure(100, CONCURRENCY, () => client.send(new DescribeVirtualInterfacesCommand({}))); // warm-up
  const reads = await measure(READS, CONCURRENCY, () =>
    client.send(new DescribeVirtualInterfacesCommand({})),
  );
  const peers = await measure(vifIds.length, CONCURRENCY, (i) =>
    client.send(
      new CreateBGPPeerCommand({
        virtualInterfaceId: vifIds[i],
        newBGPPeer: { asn: 65000, addressFamily: "ipv6" },
      }),
    ),
  );

  const row = (name: string, r: { count: number; rps: number; p50: number; p99: number }) =>
    `| ${name.padEnd(52)} | ${String(r.count).padStart(5)} | ${r.rps.toFixed(0).padStart(7)} | ${r.p50.toFixed(2).padStart(8)} | ${r.p99.toFixed(2).padStart(8)} |`;
  console.log(
    `\ndxmap emulator benchmark: SDK v3 client over loopback, concurrency ${CONCURRENCY}, node ${process.version}`,
  );
  console.log(`| ${"operation".padEnd(52)} | calls | req/s   | p50 ms   | p99 ms   |`);
  console.log(`|${"-".repeat(54)}|-------|---------|----------|----------|`);
  console.log(row(`DescribeVirtualInterfaces (${total} interfaces listed)`, reads));
  console.log(row("CreateBGPPeer (IPv6, durable write)", peers));
  console.log(row("CreatePrivateVirtualInterface (setup, durable write)", setup));
} finally {
  client.destroy();
  await emulator.stop();
}
