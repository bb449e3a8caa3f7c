import { describe, expect, it } from "vitest";

import type { DxReadError } from "@/lib/dx/types";

import { unreadGateways } from "./gateways";

const errors: DxReadError[] = [
  {
    account: "workload",
    region: "us-east-1",
    message: "DescribeVirtualGateways failed: DirectConnectServerException: boom",
  },
  {
    account: "workload",
    region: "eu-west-1",
    message: "DescribeVirtualGateways failed: DirectConnectServerException: elsewhere",
  },
  {
    account: "workload",
    region: "us-east-1",
    message: "DescribeConnections failed: DirectConnectServerException: not gateways",
  },
  {
    account: "network",
    region: "global",
    message: "DescribeDirectConnectGateways failed: ThrottlingException: Rate exceeded",
  },
  {
    account: "workload",
    region: "global",
    message:
      "DescribeDirectConnectGatewayAssociations failed: DirectConnectServerException: not the list",
  },
];

describe("unreadGateways", () => {
  it("names the failed reads of the owner's gateways an interface of this type could use", () => {
    expect(unreadGateways({ errors }, "workload", "us-east-1", "private")).toEqual([
      "DescribeVirtualGateways failed: DirectConnectServerException: boom",
    ]);
    // A transit interface attaches only to a Direct Connect gateway: a virtual gateway read is not its concern.
    expect(unreadGateways({ errors }, "workload", "us-east-1", "transit")).toEqual([]);
    expect(unreadGateways({ errors }, "network", "us-east-1", "transit")).toEqual([
      "DescribeDirectConnectGateways failed: ThrottlingException: Rate exceeded",
    ]);
    // workload's associations were not read, but its gateways were: none is missing.
    expect(unreadGateways({ errors }, "workload", "eu-west-1", "transit")).toEqual([]);
    // A public interface takes no gateway.
    expect(unreadGateways({ errors }, "network", "us-east-1", "public")).toEqual([]);
  });
});
