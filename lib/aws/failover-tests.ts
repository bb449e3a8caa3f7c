import "server-only";

import {
  ListVirtualInterfaceTestHistoryCommand,
  StartBgpFailoverTestCommand,
  StopBgpFailoverTestCommand,
  type DirectConnectClient,
  type VirtualInterfaceTestHistory,
} from "@aws-sdk/client-direct-connect";

import { testEndsAt } from "@/lib/dx/rules/failover-test";
import type { StartFailoverTestInput } from "@/lib/dx/schemas";
import { VIF_STATE } from "@/lib/dx/states";
import type {
  DxFailoverTest,
  DxFailoverTests,
  DxMutationResult,
  DxVirtualInterface,
} from "@/lib/dx/types";
import type { AwsCallHooks } from "@/lib/server/audit";
import { getDxConfig } from "@/lib/server/config";
import { ApiError, fromAwsError } from "@/lib/server/errors";

import { cachedRead } from "./cache";
import { call, invalidateInterface, resolve, type MutationTarget } from "./mutations";
import { toFailoverTest } from "./to-dto";
import { allPages } from "./pages";

// BGP failover tests (StartBgpFailoverTest, StopBgpFailoverTest, ListVirtualInterfaceTestHistory).
// A test holds the chosen sessions of an interface down for its duration; only the interface's owner
// may start, stop or list its tests, so each runs as the account the request names (the owner) and
// any other gets AWS's refusal. The topology read asks for the tests in progress only where an
// interface is testing, to say which sessions are down on purpose and until when.

/** The call the topology read adds for an (account, region) with an interface of its own testing. */
export const TESTS_IN_PROGRESS_CALL = "ListVirtualInterfaceTestHistory";

const newestFirst = (a: DxFailoverTest, b: DxFailoverTest) =>
  (b.startTime ?? "").localeCompare(a.startTime ?? "");

function testHistory(
  client: DirectConnectClient,
  filter: { virtualInterfaceId?: string; status?: string },
): Promise<VirtualInterfaceTestHistory[]> {
  return allPages((nextToken) =>
    client
      .send(new ListVirtualInterfaceTestHistoryCommand({ ...filter, nextToken }))
      .then((o) => ({ items: o.virtualInterfaceTestHistory, nextToken: o.nextToken })),
  );
}

/**
 * Whether the topology read needs the account's tests in progress in this region: only when the
 * account owns an interface there that is testing (AWS lists a test to its owner alone).
 */
export const needsTestsInProgress = (
  vifs: readonly {
    virtualInterfaceState?: string | undefined;
    ownerAccount?: string | undefined;
  }[],
  accountId: string,
) =>
  vifs.some((v) => v.virtualInterfaceState === VIF_STATE.testing && v.ownerAccount === accountId);

/** The account's tests in progress in the region, every page, cached and coalesced like the topology's reads. */
export function testsInProgressRead(
  client: DirectConnectClient,
  account: string,
  region: string,
  ttl: number,
) {
  return cachedRead(account, region, TESTS_IN_PROGRESS_CALL, ttl, () =>
    testHistory(client, { status: "in-progress" }),
  );
}

/**
 * The interfaces, each testing one with the test that holds its sessions down (the newest in
 * progress, when AWS lists several). The others are the same objects.
 */
export function withTestsInProgress(
  vifs: DxVirtualInterface[],
  tests: readonly VirtualInterfaceTestHistory[],
): DxVirtualInterface[] {
  if (tests.length === 0) return vifs;
  const byInterface = new Map<string, DxFailoverTest>();
  for (const raw of tests) {
    const test = toFailoverTest(raw);
    if (!test || test.status !== "in-progress") continue;
    const seen = byInterface.get(test.virtualInterfaceId);
    if (!seen || newestFirst(test, seen) < 0) byInterface.set(test.virtualInterfaceId, test);
  }
  return vifs.map((v) => {
    const test = v.state === VIF_STATE.testing ? byInterface.get(v.id) : undefined;
    return test
      ? {
          ...v,
          failoverTest: {
            testId: test.testId,
            bgpPeerIds: test.bgpPeerIds,
            endsAt: testEndsAt(test),
          },
        }
      : v;
  });
}

function testResult(
  target: ReturnType<typeof resolve>,
  region: string,
  raw: VirtualInterfaceTestHistory | undefined,
): DxMutationResult<DxFailoverTest> {
  invalidateInterface(target.account, region);
  const resource = raw ? toFailoverTest(raw) : null;
  if (!resource) throw new ApiError("internal_error", "AWS answered without the test.");
  return { readAt: new Date().toISOString(), resource };
}

/** Starts a failover test on an interface of the named account (its owner). */
export async function startBgpFailoverTest(
  virtualInterfaceId: string,
  input: StartFailoverTestInput,
  hooks: AwsCallHooks,
) {
  const target = resolve(input);
  const out = await call(
    () =>
      target.client.send(
        new StartBgpFailoverTestCommand({
          virtualInterfaceId,
          ...(input.bgpPeerIds ? { bgpPeers: input.bgpPeerIds } : {}),
          testDurationInMinutes: input.durationMinutes,
        }),
      ),
    hooks,
  );
  return testResult(target, input.region, out.virtualInterfaceTest);
}

/** Ends the interface's test in progress before its time. */
export async function stopBgpFailoverTest(
  virtualInterfaceId: string,
  input: MutationTarget,
  hooks: AwsCallHooks,
) {
  const target = resolve(input);
  const out = await call(
    () => target.client.send(new StopBgpFailoverTestCommand({ virtualInterfaceId })),
    hooks,
  );
  return testResult(target, input.region, out.virtualInterfaceTest);
}

/**
 * Every test of one interface, newest first, as the named account (its owner) lists them: cached and
 * coalesced like the topology's reads, and dropped with them by a change in the account and region.
 */
export async function listFailoverTests(
  virtualInterfaceId: string,
  input: MutationTarget,
): Promise<DxFailoverTests> {
  const { account, client } = resolve(input);
  const config = getDxConfig();
  const read = await cachedRead(
    account.alias,
    input.region,
    `${TESTS_IN_PROGRESS_CALL} ${virtualInterfaceId}`,
    config.cacheTtlMs,
    () => testHistory(client, { virtualInterfaceId }),
  ).catch((error: unknown) => {
    throw fromAwsError(error, config.endpoint ?? "directconnect.<region>.amazonaws.com");
  });
  return {
    readAt: new Date(read.readAt).toISOString(),
    // AWS does not say in which order it lists them; the emulator lists them as started. Reversed
    // before the (stable) sort, two started within one second, its times' precision, keep the newer
    // first.
    tests: read.value
      .flatMap((t) => toFailoverTest(t) ?? [])
      .filter((t) => t.virtualInterfaceId === virtualInterfaceId)
      .reverse()
      .sort(newestFirst),
  };
}
