/**
 * lib/aws/same-answer.ts with the real SDK client against the emulator over HTTP: an answer whose bytes
 * did not change comes back as the last output's very objects, a changed one is read anew, and a
 * failure or another call's answer is never taken for it.
 */
import {
  DescribeVirtualInterfacesCommand,
  type DirectConnectClient,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from "@aws-sdk/client-direct-connect";
import type { DeserializeMiddleware } from "@smithy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { reuseUnchangedAnswers } from "@/lib/aws/same-answer";

import { refusal, startHarness, type Harness } from "../emulator/harness";

let h: Harness;
let reusing: DirectConnectClient;
let plain: DirectConnectClient;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control("POST", "/_dxmap/reset", {});
  // As lib/aws/clients.ts makes them: each command's middleware resolved once, so its calls share a context.
  reusing = h.client("network", undefined, { cacheMiddleware: true });
  reuseUnchangedAnswers(reusing);
  plain = h.client("network");
});

const describeVifs = (client: DirectConnectClient, connectionId?: string) =>
  client.send(new DescribeVirtualInterfacesCommand(connectionId ? { connectionId } : {}));

describe("reuseUnchangedAnswers", () => {
  it("hands back the last output's objects while the answer is the same, and reads a changed answer anew", async () => {
    const first = await describeVifs(reusing);
    const second = await describeVifs(reusing);
    expect(second.virtualInterfaces).toBe(first.virtualInterfaces);
    expect(second.$metadata.requestId).toBeTruthy();
    expect(second.$metadata.requestId).not.toBe(first.$metadata.requestId);
    // The same as a client that deserialises every answer.
    expect(second.virtualInterfaces).toEqual((await describeVifs(plain)).virtualInterfaces);

    const prod = first.virtualInterfaces!.find((v) => v.virtualInterfaceName === "prod-private")!;
    expect(prod.bgpPeers!.every((p) => p.bgpStatus === "up")).toBe(true);
    expect(
      (
        await h.control("POST", "/_dxmap/bgp", {
          virtualInterfaceId: prod.virtualInterfaceId,
          status: "down",
        })
      ).status,
    ).toBe(200);
    const changed = await describeVifs(reusing);
    expect(changed.virtualInterfaces).not.toBe(first.virtualInterfaces);
    const now = changed.virtualInterfaces!.find(
      (v) => v.virtualInterfaceId === prod.virtualInterfaceId,
    )!;
    expect(now.bgpPeers!.every((p) => p.bgpStatus === "down")).toBe(true);
    expect(changed.virtualInterfaces).toEqual((await describeVifs(plain)).virtualInterfaces);
    expect((await describeVifs(reusing)).virtualInterfaces).toBe(changed.virtualInterfaces);
  });

  it("keeps each call's answer apart: another request body is another call", async () => {
    const all = await describeVifs(reusing);
    const connectionId = all.virtualInterfaces!.find(
      (v) => v.virtualInterfaceName === "prod-private",
    )!.connectionId!;
    const one = await describeVifs(reusing, connectionId);
    expect(one.virtualInterfaces!.length).toBeLessThan(all.virtualInterfaces!.length);
    expect(one.virtualInterfaces!.every((v) => v.connectionId === connectionId)).toBe(true);
    expect((await describeVifs(reusing)).virtualInterfaces).toBe(all.virtualInterfaces);
    expect((await describeVifs(reusing, connectionId)).virtualInterfaces).toBe(
      one.virtualInterfaces,
    );
  });

  it("keeps calls made at once apart: each gets the answer to its own request", async () => {
    // Each call waits a moment between reading its answer and handing it back, so that other calls
    // read theirs in between (what a slow deserialisation or a busy server would do).
    const interleave: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
      (next) => async (args) => {
        const result = await next(args);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        return result;
      };
    reusing.middlewareStack.addRelativeTo(interleave, {
      relation: "after",
      toMiddleware: "dxmapSameAnswerReuse",
      name: "testInterleave",
    });
    const all = (await describeVifs(plain)).virtualInterfaces!;
    const connections = [...new Set(all.map((v) => v.connectionId!))];
    expect(connections.length).toBeGreaterThan(1);
    // Half of them remembered first, so the calls below mix remembered answers and new ones.
    const remembered = await Promise.all(
      connections.filter((_, i) => i % 2 === 0).map((id) => describeVifs(reusing, id)),
    );
    const ids = [...connections, ...connections].reverse();
    const answers = await Promise.all(ids.map((id) => describeVifs(reusing, id)));
    ids.forEach((id, i) =>
      expect(answers[i]!.virtualInterfaces, id).toEqual(all.filter((v) => v.connectionId === id)),
    );
    remembered.forEach((r, i) =>
      expect(answers[ids.lastIndexOf(connections[i * 2]!)]!.virtualInterfaces).toBe(
        r.virtualInterfaces,
      ),
    );
  });

  it("lets a failure through as the SDK's error, and answers again once it passes", async () => {
    const before = await describeVifs(reusing);
    await h.control("POST", "/_dxmap/faults", {
      operation: "DescribeVirtualInterfaces",
      errorRate: 1,
    });
    const failed = await refusal(describeVifs(reusing));
    expect(failed.name).toBe("DirectConnectServerException");
    expect(failed.status).toBe(500);
    await h.control("DELETE", "/_dxmap/faults");
    expect((await describeVifs(reusing)).virtualInterfaces).toBe(before.virtualInterfaces);
  });
});
