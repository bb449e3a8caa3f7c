import { describe, expect, it } from "vitest";

import { groupReadErrors, someDataMissing } from "./read-errors";

const fail = (account: string, region: string, operation: string, reason: string) => ({
  account,
  region,
  message: `${operation} failed: ${reason}`,
});

describe("groupReadErrors", () => {
  it("makes one entry per account and region, naming each failed call and each reason once, in a stable order", () => {
    const reason = "DirectConnectServerException: An internal error occurred.";
    const groups = groupReadErrors([
      fail("workload", "eu-west-1", "DescribeConnections", reason),
      fail("network", "eu-west-1", "DescribeLags", reason),
      fail("network", "eu-west-1", "DescribeConnections", reason),
      fail(
        "network",
        "eu-west-1",
        "DescribeVirtualInterfaces",
        "ThrottlingException: Rate exceeded",
      ),
    ]);
    expect(groups).toEqual([
      {
        account: "network",
        region: "eu-west-1",
        operations: ["DescribeConnections", "DescribeLags", "DescribeVirtualInterfaces"],
        reasons: [reason, "ThrottlingException: Rate exceeded"],
      },
      {
        account: "workload",
        region: "eu-west-1",
        operations: ["DescribeConnections"],
        reasons: [reason],
      },
    ]);
  });

  it("keeps a message of another form whole", () => {
    expect(
      groupReadErrors([
        { account: "network", region: "global", message: "The gateway list was cut short" },
      ]),
    ).toEqual([
      {
        account: "network",
        region: "global",
        operations: [],
        reasons: ["The gateway list was cut short"],
      },
    ]);
  });

  it("says when the data shown for an account and region was read, only when every failed call there has an earlier read", () => {
    const kept = (operation: string, keptFrom: string) => ({
      ...fail("network", "eu-west-1", operation, "ThrottlingException: Rate exceeded"),
      keptFrom,
    });
    const all = [
      kept("DescribeLags", "2026-11-28T07:41:03.000Z"),
      kept("DescribeConnections", "2026-11-28T07:40:59.000Z"),
    ];
    expect(groupReadErrors(all)[0]!.keptFrom).toBe("2026-11-28T07:40:59.000Z");
    expect(someDataMissing(all)).toBe(false);
    const some = [
      ...all,
      fail(
        "network",
        "eu-west-1",
        "DescribeVirtualInterfaces",
        "ThrottlingException: Rate exceeded",
      ),
    ];
    expect(groupReadErrors(some)[0]!.keptFrom).toBeUndefined();
    expect(someDataMissing(some)).toBe(true);
    expect(someDataMissing([])).toBe(false);
  });
});
