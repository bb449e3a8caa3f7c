import { describe, expect, it } from "vitest";

import type { DxConnection } from "@/lib/dx/types";

import {
  allocatingAccount,
  approvalGatewayChoices,
  approvalGroups,
  awaitingAcceptance,
  awaitingApproval,
  AwaitingCount,
  confirmRequest,
  groupGatewayChoices,
  planApprovals,
} from "./approvals";
import type { KnownAssociations } from "./gateways";
import { topology, vif } from "./test-fixtures";

const DXGW_WORKLOAD = "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01";
const DXGW_NETWORK = "1d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a02";

const connection = (over: Partial<DxConnection> = {}): DxConnection => ({
  account: "network",
  region: "us-east-1",
  id: "dxcon-aaaa1111",
  name: "dx-csva1-secondary",
  state: "available",
  location: "CSVA1",
  bandwidth: "1Gbps",
  ownerAccount: "111111111111",
  lagId: null,
  partnerName: null,
  vlan: null,
  awsDevice: null,
  awsLogicalDeviceId: null,
  hasLogicalRedundancy: null,
  jumboFrameCapable: null,
  ...over,
});

const allocated = vif({
  id: "dxvif-wait0001",
  name: "workload-app",
  state: "confirming",
  account: "workload",
  ownerAlias: "workload",
  ownerAccount: "222222222222",
  visibleTo: ["network", "workload"],
});

const estate = topology({
  connections: [connection()],
  virtualInterfaces: [
    allocated,
    vif({ id: "dxvif-up000001", state: "available" }),
    // Allocated to an account dxmap is not configured for: nobody here can approve it.
    vif({
      id: "dxvif-else0001",
      state: "confirming",
      ownerAlias: null,
      ownerAccount: "999999999999",
    }),
  ],
  virtualGateways: [
    { account: "workload", region: "us-east-1", id: "vgw-0000aaaa", state: "available" },
    { account: "workload", region: "eu-west-1", id: "vgw-0000bbbb", state: "available" },
    { account: "workload", region: "us-east-1", id: "vgw-0000cccc", state: "deleted" },
    { account: "network", region: "us-east-1", id: "vgw-0000dddd", state: "available" },
  ],
  directConnectGateways: [
    {
      account: "workload",
      id: DXGW_WORKLOAD,
      name: "workload-dxgw",
      amazonSideAsn: 64512,
      ownerAccount: "222222222222",
      state: "available",
    },
    {
      account: "network",
      id: DXGW_NETWORK,
      name: "network-core-dxgw",
      amazonSideAsn: 64513,
      ownerAccount: "111111111111",
      state: "available",
    },
  ],
});

describe("interfaces awaiting approval", () => {
  it("are the confirming interfaces owned by a configured account", () => {
    expect(awaitingApproval(estate).map((v) => v.id)).toEqual(["dxvif-wait0001"]);
  });

  it("are counted for the header the same way they are listed", () => {
    expect(new AwaitingCount().of(estate)).toBe(awaitingApproval(estate).length);
    expect(new AwaitingCount().of({ virtualInterfaces: [], connections: [] })).toBe(0);
  });

  it("are counted again read after read as interfaces are approved, come and go", () => {
    const waiting = new AwaitingCount();
    const count = awaitingApproval(estate).length;
    expect(waiting.of(estate)).toBe(count);
    // The one waiting is approved: the next read holds it as a new object, the rest the same.
    const approved = {
      ...estate,
      virtualInterfaces: estate.virtualInterfaces.map((v) =>
        v.id === "dxvif-wait0001" ? { ...v, state: "pending" } : v,
      ),
    };
    expect(waiting.of(approved)).toBe(count - 1);
    // Another is allocated (the list grows), then the first read comes back (it shrinks).
    const allocatedAgain = {
      ...approved,
      virtualInterfaces: [
        ...approved.virtualInterfaces,
        { ...allocated, id: "dxvif-wait0002", state: "confirming" },
      ],
    };
    expect(waiting.of(allocatedAgain)).toBe(count);
    expect(waiting.of(estate)).toBe(count);
    expect(waiting.of({ virtualInterfaces: [], connections: [] })).toBe(0);
  });

  it("are counted with the hosted connections a partner ordered, which wait to be accepted", () => {
    const first = estate.connections[0]!;
    const ordered = [
      {
        ...first,
        id: "dxcon-ford0002",
        name: "zeta",
        state: "ordering",
        partnerName: "Equinix",
        vlan: 330,
      },
      {
        ...first,
        id: "dxcon-ford0001",
        name: "alpha",
        state: "ordering",
        partnerName: "Megaport",
        vlan: 331,
      },
    ];
    const withOrders = {
      ...estate,
      connections: [
        ...estate.connections,
        ...ordered,
        { ...first, id: "dxcon-facc0001", state: "pending" },
      ],
    };
    expect(awaitingAcceptance(withOrders).map((c) => c.name)).toEqual(["alpha", "zeta"]);
    expect(new AwaitingCount().of(withOrders)).toBe(awaitingApproval(estate).length + 2);
  });

  it("name the allocating account: the owner of the connection, by alias", () => {
    expect(allocatingAccount(estate, allocated)).toBe("network");
    const hosted = topology({
      ...estate,
      connections: [connection({ ownerAccount: "444444444444" })],
    });
    expect(allocatingAccount(hosted, allocated)).toBe("account 444444444444");
  });

  it("fall back to another account that sees the interface when its connection was not read", () => {
    expect(allocatingAccount(topology({ ...estate, connections: [] }), allocated)).toBe("network");
    expect(
      allocatingAccount(topology({ ...estate, connections: [] }), {
        ...allocated,
        visibleTo: ["workload"],
      }),
    ).toBe("another account");
  });
});

describe("approving", () => {
  it("offers the owner's gateways: its VGWs in the interface's region and its Direct Connect gateways for private", () => {
    expect(approvalGatewayChoices(estate, allocated, [])).toEqual([
      { id: "vgw-0000aaaa", kind: "virtual", label: "vgw-0000aaaa · us-east-1" },
      { id: DXGW_WORKLOAD, kind: "directConnect", label: "workload-dxgw · nothing associated yet" },
    ]);
  });

  it("offers only Direct Connect gateways for transit, and none for public", () => {
    expect(
      approvalGatewayChoices(estate, { ...allocated, type: "transit" }, []).map((g) => g.id),
    ).toEqual([DXGW_WORKLOAD]);
    expect(approvalGatewayChoices(estate, { ...allocated, type: "public" }, [])).toEqual([]);
  });

  it("leaves out a Direct Connect gateway whose associations AWS says the type cannot join", () => {
    const association = (associatedGatewayType: string, state = "associated") => ({
      id: `assoc-${associatedGatewayType}`,
      directConnectGatewayId: DXGW_WORKLOAD,
      associatedGatewayId:
        associatedGatewayType === "transitGateway" ? "tgw-0123456789abcdef0" : "vgw-0000aaaa",
      associatedGatewayType,
      associatedGatewayRegion: "us-east-1",
      associatedGatewayOwnerAccount: "222222222222",
      state,
      allowedPrefixes: [],
    });
    const ids = (associations: KnownAssociations, type: string) =>
      approvalGatewayChoices(estate, { ...allocated, type }, associations).map((g) => g.id);
    // With transit gateways: transit interfaces only.
    const withTgw = [association("transitGateway")];
    // Each Direct Connect gateway says what it leads to.
    expect(
      approvalGatewayChoices(estate, { ...allocated, type: "transit" }, withTgw)[0]!.label,
    ).toBe("workload-dxgw → tgw-0123456789abcdef0 (us-east-1)");
    expect(ids(withTgw, "private")).toEqual(["vgw-0000aaaa"]);
    expect(ids(withTgw, "transit")).toEqual([DXGW_WORKLOAD]);
    // With virtual private gateways: private interfaces only.
    const withVgw = [association("virtualPrivateGateway")];
    expect(ids(withVgw, "private")).toContain(DXGW_WORKLOAD);
    expect(ids(withVgw, "transit")).toEqual([]);
    // An association that is gone does not count.
    expect(ids([association("transitGateway", "disassociated")], "private")).toContain(
      DXGW_WORKLOAD,
    );
    // While the associations are read, no Direct Connect gateway is offered; when they could not be
    // read, every one is (AWS's refusal answers a wrong choice).
    expect(ids("reading", "private")).toEqual(["vgw-0000aaaa"]);
    expect(ids("reading", "transit")).toEqual([]);
    expect(ids("unread", "transit")).toEqual([DXGW_WORKLOAD]);
  });

  it("leaves out a Direct Connect gateway attached to an interface of the other kind, as AWS refuses it", () => {
    const attached = (type: string, state = "available") => ({
      ...estate,
      virtualInterfaces: [
        ...estate.virtualInterfaces,
        vif({ id: "dxvif-att00001", type, state, directConnectGatewayId: DXGW_WORKLOAD }),
      ],
    });
    const ids = (t: typeof estate, type: string) =>
      approvalGatewayChoices(t, { ...allocated, type }, []).map((g) => g.id);
    // A private interface on it: private interfaces only; a transit one: transit only.
    expect(ids(attached("private"), "transit")).toEqual([]);
    expect(ids(attached("private"), "private")).toContain(DXGW_WORKLOAD);
    expect(ids(attached("transit"), "private")).toEqual(["vgw-0000aaaa"]);
    expect(ids(attached("transit"), "transit")).toEqual([DXGW_WORKLOAD]);
    // A deleted interface is attached to nothing.
    expect(ids(attached("private", "deleted"), "transit")).toEqual([DXGW_WORKLOAD]);
  });

  it("confirms as the owner, with the gateway in the field its kind needs", () => {
    expect(confirmRequest(allocated, DXGW_WORKLOAD)).toEqual({
      id: "dxvif-wait0001",
      account: "workload",
      region: "us-east-1",
      directConnectGatewayId: DXGW_WORKLOAD,
    });
    expect(confirmRequest(allocated, "vgw-0000aaaa")).toEqual({
      id: "dxvif-wait0001",
      account: "workload",
      region: "us-east-1",
      virtualGatewayId: "vgw-0000aaaa",
    });
    expect(confirmRequest(allocated, "")).toEqual({
      id: "dxvif-wait0001",
      account: "workload",
      region: "us-east-1",
    });
  });
});

describe("approving several at once", () => {
  const waiting = (id: string, over: Parameters<typeof vif>[0] = {}) =>
    vif({ ...allocated, id, name: id.replace("dxvif-", ""), ...over });
  const east1 = waiting("dxvif-east0001");
  const east2 = waiting("dxvif-east0002");
  const west = waiting("dxvif-west0001", { region: "eu-west-1" });
  const transit = waiting("dxvif-tran0001", { type: "transit" });
  const pub = waiting("dxvif-publ0001", { type: "public" });
  const several = topology({
    ...estate,
    virtualInterfaces: [east1, east2, west, transit, pub],
  });

  it("groups the selection by owner and type, each group with its regions", () => {
    const groups = approvalGroups([east1, transit, west, pub, east2]);
    expect(groups.map((g) => [g.key, g.vifs.map((v) => v.id), g.regions])).toEqual([
      ["workload private", [east1.id, west.id, east2.id], ["eu-west-1", "us-east-1"]],
      ["workload transit", [transit.id], ["us-east-1"]],
      ["workload public", [pub.id], ["us-east-1"]],
    ]);
  });

  it("offers a group the single dialog's choices that every one of its interfaces has", () => {
    const [oneRegion] = approvalGroups([east1, east2]);
    expect(groupGatewayChoices(several, oneRegion!, [])).toEqual(
      approvalGatewayChoices(several, east1, []),
    );
    // Across regions a virtual private gateway (regional) drops out; the Direct Connect gateway stays.
    const [twoRegions] = approvalGroups([east1, west]);
    expect(groupGatewayChoices(several, twoRegions!, []).map((c) => c.id)).toEqual([DXGW_WORKLOAD]);
    expect(groupGatewayChoices(several, { vifs: [] }, [])).toEqual([]);
  });

  it("sends one confirm per interface with its group's gateway, and none for a public one", () => {
    const groups = approvalGroups([east1, transit, pub]);
    const choices = Object.fromEntries(
      groups.map((g) => [g.key, groupGatewayChoices(several, g, [])]),
    );
    const plan = planApprovals(
      several,
      groups,
      { "workload private": "vgw-0000aaaa", "workload transit": DXGW_WORKLOAD },
      choices,
    );
    expect(plan.groupErrors).toEqual({});
    expect(plan.refused).toEqual([]);
    expect(plan.send.map((s) => s.request)).toEqual([
      confirmRequest(east1, "vgw-0000aaaa"),
      confirmRequest(transit, DXGW_WORKLOAD),
      confirmRequest(pub, ""),
    ]);
    expect(plan.send[0]!.request).toMatchObject({
      account: "workload",
      virtualGatewayId: "vgw-0000aaaa",
    });
  });

  it("asks for a gateway a group lacks, and refuses one the group is not offered", () => {
    const groups = approvalGroups([east1, west, transit]);
    const choices = Object.fromEntries(
      groups.map((g) => [g.key, groupGatewayChoices(several, g, [])]),
    );
    const plan = planApprovals(
      several,
      groups,
      { "workload private": "vgw-0000aaaa" }, // us-east-1's: west cannot take it
      choices,
    );
    expect(plan.groupErrors).toEqual({
      "workload private":
        "vgw-0000aaaa is not offered for workload's private interfaces: choose another.",
      "workload transit": "Choose the gateway this interface attaches to.",
    });
  });

  it("refuses one Direct Connect gateway for private and transit interfaces together, as AWS takes one kind", () => {
    const groups = approvalGroups([east1, transit]);
    const choices = Object.fromEntries(
      groups.map((g) => [g.key, groupGatewayChoices(several, g, [])]),
    );
    const plan = planApprovals(
      several,
      groups,
      { "workload private": DXGW_WORKLOAD, "workload transit": DXGW_WORKLOAD },
      choices,
    );
    expect(Object.keys(plan.groupErrors)).toEqual(["workload private", "workload transit"]);
    expect(plan.groupErrors["workload transit"]).toMatch(/not both/);
  });

  it("does not send an interface the latest read shows approved or deleted meanwhile", () => {
    const groups = approvalGroups([pub, east1, east2]);
    const later = topology({
      ...several,
      virtualInterfaces: [{ ...pub, state: "verifying" }, east2],
    });
    const plan = planApprovals(
      later,
      groups,
      { "workload private": "vgw-0000aaaa" },
      {
        "workload private": approvalGatewayChoices(several, east1, []),
      },
    );
    expect(plan.send.map((s) => s.vif.id)).toEqual([east2.id]);
    expect(plan.refused.map((r) => [r.vif.id, r.reason])).toEqual([
      [pub.id, "No longer waiting for approval: it is verifying."],
      [east1.id, "No longer listed by AWS: it was deleted."],
    ]);
  });
});
