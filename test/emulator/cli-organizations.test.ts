/**
 * Interop with the AWS CLI (botocore, a second, independent AWS client) for STS and Organizations:
 * pointed at the emulator with --endpoint-url (or the service's AWS_ENDPOINT_URL_* variable), it
 * reads the caller's identity, assumes dxmap-read and uses the temporary credentials, lists the
 * organization's accounts over several pages (the CLI follows NextToken itself), and prints AWS's
 * own refusals. When no `aws` works on PATH the tests are skipped, and a warning says so.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { NETWORK, WORKLOAD, startHarness, type Harness } from "./harness";

const probe = spawnSync("aws", ["--version"], { encoding: "utf8", timeout: 30_000 });
const cliAvailable = !probe.error && probe.status === 0;
if (!cliAvailable) {
  const why = probe.error
    ? probe.error.message
    : `\`aws --version\` exited with ${probe.status}: ${probe.stderr.trim()}`;
  console.warn(
    `The AWS CLI is not installed (${why}), so the AWS CLI interop tests in test/emulator/cli-organizations.test.ts were skipped.`,
  );
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let h: Harness;
let home: string;

/** `aws <args> --output json`, as network unless `env` says otherwise, isolated from the developer's AWS config. */
function aws(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(clean)) if (key.startsWith("AWS_")) delete clean[key];
  return new Promise((resolve) => {
    execFile(
      "aws",
      [...args, "--output", "json"],
      {
        env: {
          ...clean,
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
        timeout: 60_000,
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

// The CLI takes seconds to start: a test running several of them on a loaded machine needs longer.
describe.skipIf(!cliAvailable)(
  "the AWS CLI against the emulator's STS and Organizations",
  { timeout: 120_000 },
  () => {
    beforeAll(async () => {
      h = await startHarness({ seed: "ORG:22" });
      home = mkdtempSync(join(tmpdir(), "dxmap-cli-"));
    });
    afterAll(async () => {
      await h.close();
      rmSync(home, { recursive: true, force: true });
    });

    it("sts get-caller-identity and assume-role, then the temporary credentials' identity", async ({
      expect,
    }) => {
      const me = json<{ Account: string; Arn: string; UserId: string }>(
        await aws(["sts", "get-caller-identity", "--endpoint-url", h.url]),
      );
      expect(me).toMatchObject({
        Account: NETWORK.accountId,
        Arn: `arn:aws:iam::${NETWORK.accountId}:user/dxmap`,
      });
      const { Accounts } = json<{ Accounts: { Id: string; Name: string }[] }>(
        await aws(["organizations", "list-accounts", "--endpoint-url", h.url]),
      );
      const member = Accounts.find((a) => a.Name === "member-002")!;
      const assumed = json<{
        Credentials: {
          AccessKeyId: string;
          SecretAccessKey: string;
          SessionToken: string;
          Expiration: string;
        };
        AssumedRoleUser: { Arn: string };
      }>(
        await aws([
          "sts",
          "assume-role",
          "--role-arn",
          `arn:aws:iam::${member.Id}:role/dxmap-read`,
          "--role-session-name",
          "cli",
          "--endpoint-url",
          h.url,
        ]),
      );
      expect(assumed.AssumedRoleUser.Arn).toBe(
        `arn:aws:sts::${member.Id}:assumed-role/dxmap-read/cli`,
      );
      expect(Date.parse(assumed.Credentials.Expiration)).toBeGreaterThan(Date.now());
      // The service's own endpoint variable, instead of --endpoint-url.
      const them = json<{ Account: string; Arn: string }>(
        await aws(["sts", "get-caller-identity"], {
          AWS_ENDPOINT_URL_STS: h.url,
          AWS_ACCESS_KEY_ID: assumed.Credentials.AccessKeyId,
          AWS_SECRET_ACCESS_KEY: assumed.Credentials.SecretAccessKey,
          AWS_SESSION_TOKEN: assumed.Credentials.SessionToken,
        }),
      );
      expect(them).toMatchObject({
        Account: member.Id,
        Arn: `arn:aws:sts::${member.Id}:assumed-role/dxmap-read/cli`,
      });
    });

    it("organizations list-accounts follows NextToken over every page", async ({ expect }) => {
      const out = json<{ Accounts: { Id: string; Status: string; JoinedTimestamp: unknown }[] }>(
        await aws(["organizations", "list-accounts", "--page-size", "5", "--endpoint-url", h.url]),
      );
      expect(out.Accounts).toHaveLength(23);
      expect(new Set(out.Accounts.map((a) => a.Id)).size).toBe(23);
      expect(out.Accounts.every((a) => a.Status === "ACTIVE")).toBe(true);
      const calls = await h.control<{ byOperation: Record<string, number> }>(
        "GET",
        "/_dxmap/calls?operation=ListAccounts",
      );
      expect(calls.body.byOperation.ListAccounts).toBeGreaterThanOrEqual(5);
      // Through AWS_ENDPOINT_URL_ORGANIZATIONS as well.
      const viaEnv = json<{ Accounts: unknown[] }>(
        await aws(["organizations", "list-accounts"], { AWS_ENDPOINT_URL_ORGANIZATIONS: h.url }),
      );
      expect(viaEnv.Accounts).toHaveLength(23);
    });

    it("prints AWS's refusals and exits non-zero", async ({ expect }) => {
      const denied = await aws(
        [
          "sts",
          "assume-role",
          "--role-arn",
          `arn:aws:iam::${NETWORK.accountId}:role/dxmap-read`,
          "--role-session-name",
          "cli",
          "--endpoint-url",
          h.url,
        ],
        {
          AWS_ACCESS_KEY_ID: WORKLOAD.accessKeyId,
          AWS_SECRET_ACCESS_KEY: WORKLOAD.secretAccessKey,
        },
      );
      expect(denied.code).not.toBe(0);
      expect(denied.stderr).toContain(
        `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::${WORKLOAD.accountId}:user/dxmap is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${NETWORK.accountId}:role/dxmap-read`,
      );
      const outside = await aws(["organizations", "list-accounts", "--endpoint-url", h.url], {
        AWS_ACCESS_KEY_ID: WORKLOAD.accessKeyId,
        AWS_SECRET_ACCESS_KEY: WORKLOAD.secretAccessKey,
      });
      expect(outside.code).not.toBe(0);
      expect(outside.stderr).toContain(
        "An error occurred (AWSOrganizationsNotInUseException) when calling the ListAccounts operation: Your account is not a member of an organization.",
      );
    });
  },
);
