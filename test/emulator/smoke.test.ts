import {
  DescribeConnectionsCommand,
  DescribeVirtualInterfacesCommand,
} from "@aws-sdk/client-direct-connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("seeded estate through the real SDK", () => {
  it("lists network's connections in us-east-1 with timestamps as dates", async () => {
    const out = await h.client("network").send(new DescribeConnectionsCommand({}));
    expect(out.connections?.length).toBeGreaterThanOrEqual(4);
    expect(
      out.connections?.every((c) => c.region === "us-east-1" && c.ownerAccount === "111111111111"),
    ).toBe(true);
    expect(out.connections?.[0]?.loaIssueTime).toBeInstanceOf(Date);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("shows workload the interface network allocated to it, confirming", async () => {
    const out = await h.client("workload").send(new DescribeVirtualInterfacesCommand({}));
    const app = out.virtualInterfaces?.find((v) => v.virtualInterfaceName === "workload-app");
    expect(app?.virtualInterfaceState).toBe("confirming");
    expect(app?.ownerAccount).toBe("222222222222");
  });
});
