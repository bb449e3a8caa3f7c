/**
 * Interop with the AWS CLI (botocore, a second, independent AWS client): pointed at the emulator with
 * --endpoint-url and keys in the environment, it lists connections and interfaces, adds and removes a
 * BGP peer, prints AWS's own message for a refusal and exits non-zero, and is refused with a bad key.
 * When no `aws` works on PATH the tests are skipped, and a warning says so.
 */
import {
  DescribeConnectionsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeVirtualInterfacesCommand,
} from "@aws-sdk/client-direct-connect";
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { NETWORK, startHarness, vifNamed, type Harness } from "./harness";

const probe = spawnSync("aws", ["--version"], { encoding: "utf8", timeout: 30_000 });
const cliAvailable = !probe.error && probe.status === 0;
if (!cliAvailable) {
  const why = probe.error
    ? probe.error.message
    : `\`aws --version\` exited with ${probe.status}: ${probe.stderr.trim()}`;
  console.warn(
    `The AWS CLI is not installed (${why}), so the AWS CLI interop tests in test/emulator/cli.test.ts were skipped.`,
  );
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let h: Harness;
let home: string;

/** `aws directconnect <args> --endpoint-url <emulator> --output json`, isolated from the developer's AWS config. */
function aws(
  args: string[],
  env: Record<string, string> = {},
  endpoint = h.url,
): Promise<CliResult> {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(clean)) if (key.startsWith("AWS_")) delete clean[key];
  return new Promise((resolve) => {
    execFile(
      "aws",
      ["directconnect", ...args, "--endpoint-url", endpoint, "--output", "json"],
      {
        env: {
          ...clean,
          // Files that do not exist: no profile, region or key of the developer's can leak in.
          AWS_CONFIG_FILE: join(home, "config"),
          AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_PAGER: "",
          AWS_MAX_ATTEMPTS: "1",
          AWS_ACCESS_KEY_ID: NETWORK.accessKeyId,
          AWS_SECRET_ACCESS_KEY: NETWORK.secretAccessKey,
          AWS_DEFAULT_REGION: "us-east-1",
          ...env,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function json<T>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`aws exited with ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

interface CliPeer {
  bgpPeerId: string;
  addressFamily: string;
  amazonAddress: string;
  customerAddress: string;
  bgpPeerState: string;
}
interface CliVif {
  virtualInterfaceId: string;
  virtualInterfaceName: string;
  virtualInterfaceState: string;
  bgpPeers: CliPeer[];
}

describe.skipIf(!cliAvailable)("the AWS CLI against the emulator", () => {
  beforeAll(async () => {
    h = await startHarness();
    home = mkdtempSync(join(tmpdir(), "dxmap-cli-"));
  });
  afterAll(async () => {
    await h.close();
    rmSync(home, { recursive: true, force: true });
  });

  it.concurrent(
    "describe-connections lists the same connections as the SDK, with timestamps botocore parsed",
    async ({ expect }) => {
      const out = json<{
        connections: {
          connectionId: string;
          connectionName: string;
          region: string;
          loaIssueTime?: number | string;
        }[];
      }>(await aws(["describe-connections"]));
      const sdk = await h.client("network").send(new DescribeConnectionsCommand({}));
      expect(out.connections.map((c) => c.connectionId).sort()).toEqual(
        (sdk.connections ?? []).map((c) => c.connectionId).sort(),
      );
      expect(out.connections.every((c) => c.region === "us-east-1")).toBe(true);
      const primary = out.connections.find((c) => c.connectionName === "dx-eqdc2-primary");
      const expected = sdk.connections
        ?.find((c) => c.connectionName === "dx-eqdc2-primary")
        ?.loaIssueTime?.getTime();
      // CLI v1 prints the epoch seconds it received; v2 an ISO date. Either way, the same instant.
      const printed = primary?.loaIssueTime;
      expect(typeof printed === "number" ? printed * 1000 : Date.parse(String(printed))).toBe(
        expected,
      );
    },
  );

  it.concurrent(
    "reaches the emulator by the name localhost as well as by its address",
    async ({ expect }) => {
      const out = json<{ connections: { connectionId: string }[] }>(
        await aws(["describe-connections"], {}, `http://localhost:${h.running.port}`),
      );
      const sdk = await h.client("network").send(new DescribeConnectionsCommand({}));
      expect(out.connections.map((c) => c.connectionId).sort()).toEqual(
        (sdk.connections ?? []).map((c) => c.connectionId).sort(),
      );
    },
  );

  it.concurrent(
    "describe-virtual-interfaces lists the interfaces network sees, states and peers included",
    async ({ expect }) => {
      const out = json<{ virtualInterfaces: CliVif[] }>(await aws(["describe-virtual-interfaces"]));
      const byName = new Map(out.virtualInterfaces.map((v) => [v.virtualInterfaceName, v]));
      expect(byName.get("backup-private")?.virtualInterfaceState).toBe("down");
      expect(byName.get("workload-app")?.virtualInterfaceState).toBe("confirming");
      expect(
        byName
          .get("prod-private")
          ?.bgpPeers.map((p) => p.addressFamily)
          .sort(),
      ).toEqual(["ipv4", "ipv6"]);
      const sdk = await h.client("network").send(new DescribeVirtualInterfacesCommand({}));
      expect(out.virtualInterfaces.map((v) => v.virtualInterfaceId).sort()).toEqual(
        (sdk.virtualInterfaces ?? []).map((v) => v.virtualInterfaceId).sort(),
      );
    },
  );

  it.concurrent(
    "create-bgp-peer adds an IPv6 peer with assigned /125 addresses, and delete-bgp-peer takes it away",
    async ({ expect }) => {
      const network = h.client("network");
      const before = await vifNamed(network, "lag-private");
      expect(before.bgpPeers?.map((p) => p.addressFamily)).toEqual(["ipv4"]);
      const vifId = before.virtualInterfaceId!;

      const created = json<{ virtualInterface: CliVif }>(
        await aws([
          "create-bgp-peer",
          "--virtual-interface-id",
          vifId,
          "--new-bgp-peer",
          "addressFamily=ipv6,asn=65005",
        ]),
      );
      const peer = created.virtualInterface.bgpPeers.find((p) => p.addressFamily === "ipv6");
      expect(peer?.bgpPeerState).toBe("pending");
      expect(peer?.amazonAddress).toMatch(/^[0-9a-f:]+\/125$/);
      expect(peer?.customerAddress).toMatch(/^[0-9a-f:]+\/125$/);
      const viaSdk = await vifNamed(network, "lag-private");
      expect(viaSdk.bgpPeers?.find((p) => p.addressFamily === "ipv6")?.bgpPeerId).toBe(
        peer?.bgpPeerId,
      );

      const deleted = json<{ virtualInterface: CliVif }>(
        await aws([
          "delete-bgp-peer",
          "--virtual-interface-id",
          vifId,
          "--bgp-peer-id",
          peer!.bgpPeerId,
        ]),
      );
      expect(
        deleted.virtualInterface.bgpPeers.find((p) => p.bgpPeerId === peer?.bgpPeerId)
          ?.bgpPeerState,
      ).toBe("deleting");
      await h.advance(2); // deleting -> deleted, listed one transition, then gone
      expect((await vifNamed(network, "lag-private")).bgpPeers?.map((p) => p.bgpPeerId)).toEqual(
        before.bgpPeers?.map((p) => p.bgpPeerId),
      );
    },
  );

  it.concurrent(
    "deleting the last BGP peer prints AWS's message and exits non-zero; the peer stays",
    async ({ expect }) => {
      const vif = await vifNamed(h.client("network"), "transit-core");
      const [only] = vif.bgpPeers ?? [];
      expect(vif.bgpPeers).toHaveLength(1);
      const result = await aws([
        "delete-bgp-peer",
        "--virtual-interface-id",
        vif.virtualInterfaceId!,
        "--bgp-peer-id",
        only!.bgpPeerId!,
      ]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(
        "An error occurred (DirectConnectClientException) when calling the DeleteBGPPeer operation: The last BGP Peer on a Virtual Interface cannot be deleted",
      );
      expect(result.stdout).toBe("");
      const after = await vifNamed(h.client("network"), "transit-core");
      expect(after.bgpPeers).toEqual(vif.bgpPeers);
    },
  );

  it.concurrent(
    "start-bgp-failover-test puts the named session down for its minutes, list-virtual-interface-test-history lists it, a duration over 4320 is refused",
    async ({ expect }) => {
      // In eu-west-1, so that no other test here sees an interface testing.
      const region = { AWS_DEFAULT_REGION: "eu-west-1" };
      const network = h.client("network", "eu-west-1");
      const vif = await vifNamed(network, "prod-private");
      const v4 = vif.bgpPeers!.find((p) => p.addressFamily === "ipv4")!;
      const base = ["--virtual-interface-id", vif.virtualInterfaceId!];

      const refused = await aws(
        ["start-bgp-failover-test", ...base, "--test-duration-in-minutes", "4321"],
        region,
      );
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain(
        "An error occurred (DirectConnectClientException) when calling the StartBgpFailoverTest operation: testDurationInMinutes must be between 1 and 4320.",
      );

      const started = json<{
        virtualInterfaceTest: { testId: string; status: string; bgpPeers: string[] };
      }>(
        await aws(
          [
            "start-bgp-failover-test",
            ...base,
            "--bgp-peers",
            v4.bgpPeerId!,
            "--test-duration-in-minutes",
            "5",
          ],
          region,
        ),
      );
      expect(started.virtualInterfaceTest).toMatchObject({
        status: "in-progress",
        bgpPeers: [v4.bgpPeerId],
      });
      const during = await vifNamed(network, "prod-private");
      expect(during.virtualInterfaceState).toBe("testing");
      expect(during.bgpPeers!.map((p) => [p.addressFamily, p.bgpStatus])).toEqual([
        ["ipv4", "down"],
        ["ipv6", "up"],
      ]);

      const listed = json<{
        virtualInterfaceTestHistory: {
          testId: string;
          status: string;
          testDurationInMinutes: number;
        }[];
      }>(await aws(["list-virtual-interface-test-history", ...base], region));
      expect(listed.virtualInterfaceTestHistory).toEqual([
        expect.objectContaining({
          testId: started.virtualInterfaceTest.testId,
          status: "in-progress",
          testDurationInMinutes: 5,
        }),
      ]);
    },
  );

  it.concurrent(
    "a wrong secret key is refused with InvalidSignatureException and creates nothing",
    async ({ expect }) => {
      const result = await aws(
        ["create-direct-connect-gateway", "--direct-connect-gateway-name", "cli-bad-secret"],
        {
          AWS_SECRET_ACCESS_KEY: "not/the/right/secret/key/for/network/at/all",
        },
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(
        "An error occurred (InvalidSignatureException) when calling the CreateDirectConnectGateway operation",
      );
      const gateways = await h.client("network").send(new DescribeDirectConnectGatewaysCommand({}));
      expect(gateways.directConnectGateways?.map((g) => g.directConnectGatewayName)).not.toContain(
        "cli-bad-secret",
      );
    },
  );
});
