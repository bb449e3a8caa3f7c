/**
 * BGP failover tests through the real SDK: StartBgpFailoverTest puts the chosen sessions DOWN (the
 * others stay up) for the test's duration on the emulator's clock, StopBgpFailoverTest ends it early,
 * ListVirtualInterfaceTestHistory records each (in-progress, then completed or cancelled, with its end
 * time). On private, public, transit and hosted interfaces; refused, changing nothing, where the
 * service refuses.
 */
import {
  DeleteVirtualInterfaceCommand,
  DescribeVirtualInterfacesCommand,
  type DirectConnectClient,
  ListVirtualInterfaceTestHistoryCommand,
  type ListVirtualInterfaceTestHistoryCommandInput,
  StartBgpFailoverTestCommand,
  type StartBgpFailoverTestCommandInput,
  StopBgpFailoverTestCommand,
  type VirtualInterfaceTestHistory,
} from "@aws-sdk/client-direct-connect";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal, startHarness, vifNamed, WORKLOAD, type Harness } from "./harness";

let h: Harness;
let network: DirectConnectClient;
let workload: DirectConnectClient;

beforeAll(async () => {
  h = await startHarness();
  network = h.client("network");
  workload = h.client("workload");
});
afterAll(() => h.close());
beforeEach(async () => {
  expect((await h.control("POST", "/_dxmap/reset", {})).status).toBe(200);
});

const MINUTE = 60_000;
const advanceMinutes = async (minutes: number) =>
  expect((await h.control("POST", "/_dxmap/clock", { advanceMs: minutes * MINUTE })).status).toBe(
    200,
  );

/** Whole minutes from start to end (times are whole seconds, and a call takes a few milliseconds). */
const minutesRun = (t: VirtualInterfaceTestHistory) =>
  Math.round((t.endTime!.getTime() - t.startTime!.getTime()) / MINUTE);

const start = (client: DirectConnectClient, input: StartBgpFailoverTestCommandInput) =>
  client.send(new StartBgpFailoverTestCommand(input));
const history = async (
  client: DirectConnectClient,
  input: ListVirtualInterfaceTestHistoryCommandInput = {},
) =>
  (await client.send(new ListVirtualInterfaceTestHistoryCommand(input)))
    .virtualInterfaceTestHistory!;

/** What both accounts see: their interfaces (states, sessions) and their test history. */
const seen = async () =>
  JSON.stringify(
    await Promise.all(
      [network, workload].flatMap((c) => [
        c.send(new DescribeVirtualInterfacesCommand({})).then((o) => o.virtualInterfaces),
        history(c),
      ]),
    ),
  );

async function refusedWithoutChange(call: () => Promise<unknown>, message: string | RegExp) {
  const before = await seen();
  const error = await refusal(call());
  expect(error).toMatchObject({ name: "DirectConnectClientException", status: 400 });
  if (typeof message === "string") expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  expect(await seen()).toBe(before);
}

describe("a failover test", () => {
  it("puts only the chosen sessions down for its duration, then brings them back and records it completed", async () => {
    const vif = await vifNamed(network, "prod-private");
    const [v4, v6] = ["ipv4", "ipv6"].map((family) =>
      vif.bgpPeers!.find((p) => p.addressFamily === family)!,
    );
    expect([v4!.bgpStatus, v6!.bgpStatus]).toEqual(["up", "up"]);
    const other = await vifNamed(network, "transit-core");

    const { virtualInterfaceTest: test } = await start(network, {
      virtualInterfaceId: vif.virtualInterfaceId,
      bgpPeers: [v4!.bgpPeerId!],
      testDurationInMinutes: 3,
    });
    expect(test).toMatchObject({
      virtualInterfaceId: vif.virtualInterfaceId,
      bgpPeers: [v4!.bgpPeerId],
      status: "in-progress",
      ownerAccount: vif.ownerAccount,
      testDurationInMinutes: 3,
    });
    expect(test!.testId).toMatch(/^[0-9a-f-]{36}$/);
    expect(test!.endTime).toBeUndefined();

    const during = async () => {
      const now = await vifNamed(network, "prod-private");
      return [
        now.virtualInterfaceState,
        ...["ipv4", "ipv6"].map((f) => now.bgpPeers!.find((p) => p.addressFamily === f)!.bgpStatus),
      ];
    };
    expect(await during()).toEqual(["testing", "down", "up"]);
    expect(await vifNamed(network, "transit-core")).toEqual(other);
    expect(await history(network, { virtualInterfaceId: vif.virtualInterfaceId })).toEqual([test]);

    await advanceMinutes(2);
    expect(await during()).toEqual(["testing", "down", "up"]);
    await advanceMinutes(1);
    expect(await during()).toEqual(["available", "up", "up"]);
    const [done] = await history(network, { testId: test!.testId });
    expect(done).toMatchObject({ status: "completed", testDurationInMinutes: 3 });
    expect(done!.endTime!.getTime() - done!.startTime!.getTime()).toBe(3 * MINUTE); // to the second
  });

  it("tests every session for 180 minutes when none and no duration are named; stopped early, it is cancelled", async () => {
    const vif = await vifNamed(network, "public-internet");
    const { virtualInterfaceTest: test } = await start(network, {
      virtualInterfaceId: vif.virtualInterfaceId,
    });
    expect(test!.testDurationInMinutes).toBe(180);
    expect(test!.bgpPeers).toEqual(vif.bgpPeers!.map((p) => p.bgpPeerId));
    const during = await vifNamed(network, "public-internet");
    expect(during.virtualInterfaceState).toBe("testing");
    expect(during.bgpPeers!.every((p) => p.bgpStatus === "down")).toBe(true);

    await advanceMinutes(10);
    const { virtualInterfaceTest: stopped } = await network.send(
      new StopBgpFailoverTestCommand({ virtualInterfaceId: vif.virtualInterfaceId }),
    );
    expect(stopped).toMatchObject({ testId: test!.testId, status: "cancelled" });
    expect(minutesRun(stopped!)).toBe(10);
    const after = await vifNamed(network, "public-internet");
    expect(after.virtualInterfaceState).toBe("available");
    expect(after.bgpPeers!.every((p) => p.bgpStatus === "up")).toBe(true);
    expect(await history(network, { status: "cancelled" })).toEqual([stopped]);
    expect(await history(network, { status: "in-progress" })).toEqual([]);
  });

  it.each([
    ["a private interface", "network", "lag-private"],
    ["a public interface", "network", "public-internet"],
    ["a transit interface", "network", "transit-core"],
    ["a hosted connection's interface", "network", "hosted-private"],
    ["an interface allocated by another account", "workload", "workload-shared"],
  ] as const)("runs on %s", async (_kind, account, name) => {
    await advanceMinutes(1); // hosted-private finishes provisioning
    const client = account === "network" ? network : workload;
    const vif = await vifNamed(client, name);
    expect(vif.virtualInterfaceState).toBe("available");
    const { virtualInterfaceTest: test } = await start(client, {
      virtualInterfaceId: vif.virtualInterfaceId,
      testDurationInMinutes: 1,
    });
    expect(test!.status).toBe("in-progress");
    expect((await vifNamed(client, name)).virtualInterfaceState).toBe("testing");
    await advanceMinutes(1);
    expect((await vifNamed(client, name)).virtualInterfaceState).toBe("available");
    expect((await history(client, { testId: test!.testId }))[0]!.status).toBe("completed");
  });

  it("is cancelled when its interface is deleted, and its history outlives the interface", async () => {
    const vif = await vifNamed(network, "lag-private");
    const { virtualInterfaceTest: test } = await start(network, {
      virtualInterfaceId: vif.virtualInterfaceId,
    });
    await advanceMinutes(5);
    await network.send(
      new DeleteVirtualInterfaceCommand({ virtualInterfaceId: vif.virtualInterfaceId }),
    );
    await advanceMinutes(1); // deleting -> deleted
    await advanceMinutes(16); // past the 15 minutes AWS still lists it
    const listed = await network.send(
      new DescribeVirtualInterfacesCommand({ virtualInterfaceId: vif.virtualInterfaceId }),
    );
    expect(listed.virtualInterfaces).toEqual([]);
    const [cancelled] = await history(network, { virtualInterfaceId: vif.virtualInterfaceId });
    expect(cancelled).toMatchObject({ testId: test!.testId, status: "cancelled" });
    expect(minutesRun(cancelled!)).toBe(5);
  });

  it("is listed to its owner in its region only, and by each filter", async () => {
    const vif = await vifNamed(network, "prod-private");
    const peer = vif.bgpPeers![1]!;
    const { virtualInterfaceTest: test } = await start(network, {
      virtualInterfaceId: vif.virtualInterfaceId,
      bgpPeers: [peer.bgpPeerId!],
    });
    const shared = await vifNamed(workload, "workload-shared");
    const { virtualInterfaceTest: theirs } = await start(workload, {
      virtualInterfaceId: shared.virtualInterfaceId,
    });
    expect(await history(network)).toEqual([test]);
    expect(await history(workload)).toEqual([theirs]);
    expect(await history(h.client("network", "eu-west-1"))).toEqual([]);
    expect(await history(network, { bgpPeers: [peer.bgpPeerId!] })).toEqual([test]);
    expect(await history(network, { bgpPeers: [vif.bgpPeers![0]!.bgpPeerId!] })).toEqual([]);
    expect(await history(network, { testId: theirs!.testId })).toEqual([]);
    expect(await history(network, { status: "completed" })).toEqual([]);
  });
});

describe("what the service refuses", () => {
  it("refuses an interface that is not available: confirming, pending, or with its sessions down", async () => {
    const cases = [
      [workload, "workload-app", "confirming"],
      [network, "hosted-private", "pending"],
      [network, "backup-private", "down"],
    ] as const;
    for (const [client, name, state] of cases) {
      const vif = await vifNamed(client, name);
      expect(vif.virtualInterfaceState).toBe(state);
      await refusedWithoutChange(
        () => start(client, { virtualInterfaceId: vif.virtualInterfaceId }),
        `Virtual interface ${vif.virtualInterfaceId} is in state ${state}`,
      );
    }
  });

  it("refuses a second test while one runs, and a stop where none runs", async () => {
    const vif = await vifNamed(network, "transit-core");
    await refusedWithoutChange(
      () =>
        network.send(
          new StopBgpFailoverTestCommand({ virtualInterfaceId: vif.virtualInterfaceId }),
        ),
      `There is no failover test in progress on ${vif.virtualInterfaceId}.`,
    );
    const { virtualInterfaceTest: test } = await start(network, {
      virtualInterfaceId: vif.virtualInterfaceId,
    });
    await refusedWithoutChange(
      () => start(network, { virtualInterfaceId: vif.virtualInterfaceId }),
      `A failover test (${test!.testId}) is already running on virtual interface ${vif.virtualInterfaceId}; stop it with StopBgpFailoverTest first.`,
    );
  });

  it("refuses a peer the interface does not have, and a malformed peer id", async () => {
    const vif = await vifNamed(network, "prod-private");
    const elsewhere = (await vifNamed(network, "transit-core")).bgpPeers![0]!.bgpPeerId!;
    for (const peer of ["dxpeer-fxxxxxxx", elsewhere]) {
      await refusedWithoutChange(
        () =>
          start(network, {
            virtualInterfaceId: vif.virtualInterfaceId,
            bgpPeers: [vif.bgpPeers![0]!.bgpPeerId!, peer],
          }),
        `${peer} does not exist`,
      );
    }
    await refusedWithoutChange(
      () => start(network, { virtualInterfaceId: vif.virtualInterfaceId, bgpPeers: ["peer-1"] }),
      "BGP peer ID peer-1 has an invalid format.",
    );
  });

  it.each([0, -1, 4321])("refuses a duration of %i minutes (1 to 4320)", async (minutes) => {
    const vif = await vifNamed(network, "lag-private");
    await refusedWithoutChange(
      () =>
        start(network, {
          virtualInterfaceId: vif.virtualInterfaceId,
          testDurationInMinutes: minutes,
        }),
      "testDurationInMinutes must be between 1 and 4320.",
    );
  });

  it("takes 4320 minutes, the longest test", async () => {
    const vif = await vifNamed(network, "lag-private");
    const { virtualInterfaceTest: test } = await start(network, {
      virtualInterfaceId: vif.virtualInterfaceId,
      testDurationInMinutes: 4320,
    });
    expect(test!.testDurationInMinutes).toBe(4320);
  });

  it("refuses anyone but the interface's owner, and an interface the caller cannot see", async () => {
    const shared = await vifNamed(workload, "workload-shared");
    // network allocated it and sees it, but only workload, its owner, can test it.
    await refusedWithoutChange(
      () => start(network, { virtualInterfaceId: shared.virtualInterfaceId }),
      `Only the owner account ${WORKLOAD.accountId} of virtual interface ${shared.virtualInterfaceId} can test it.`,
    );
    const theirs = await vifNamed(network, "lag-private");
    await refusedWithoutChange(
      () => start(workload, { virtualInterfaceId: theirs.virtualInterfaceId }),
      `${theirs.virtualInterfaceId} does not exist`,
    );
    await refusedWithoutChange(
      () => start(network, { virtualInterfaceId: "dxvif-fxxxxxxx" }),
      "dxvif-fxxxxxxx does not exist",
    );
  });
});
