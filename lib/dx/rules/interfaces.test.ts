import { describe, expect, it } from "vitest";

import type { DxConnection } from "@/lib/dx/types";

import {
  allocationOwner,
  hostedRules,
  hostedVlanError,
  mtuChoices,
  takesJumboFrames,
  parentStateBlocker,
  parsePrefixes,
  selfAllocationError,
  usedVlans,
  vlanInUseError,
} from "./interfaces";
import { topology, vif } from "./test-fixtures";

const accounts = topology().accounts;

describe("the request", () => {
  it("lists the VLANs in use on the connection", () => {
    const t = topology({
      virtualInterfaces: [
        vif({ vlan: 201 }),
        vif({ vlan: 101 }),
        vif({ vlan: 300, connectionId: "dxcon-other000" }),
        vif({ vlan: 5, state: "deleted" }),
      ],
    });
    expect(usedVlans(t, { id: "dxcon-aaaa1111" })).toEqual([101, 201]);
  });

  it("refuses a VLAN already in use on the connection before any call, as AWS would", () => {
    expect(vlanInUseError(101, [101, 201])).toBe(
      "VLAN 101 is already in use on this connection; AWS allows one interface per VLAN.",
    );
    expect(vlanInUseError(102, [101, 201])).toBeNull();
  });

  it("reads prefixes one per line", () => {
    expect(parsePrefixes("a\r\n b \n\n")).toEqual(["a", "b"]);
  });
});

describe("hosted connections and jumbo frames", () => {
  const dedicated: DxConnection = {
    account: "network",
    region: "us-east-1",
    id: "dxcon-fdedic01",
    name: "dedicated",
    state: "available",
    location: "EqDC2",
    bandwidth: "10Gbps",
    ownerAccount: "111122223333",
    lagId: null,
    partnerName: null,
    vlan: null,
    awsDevice: null,
    awsLogicalDeviceId: null,
    hasLogicalRedundancy: null,
    jumboFrameCapable: true,
  };
  const hosted: DxConnection = {
    ...dedicated,
    id: "dxcon-fhosted1",
    name: "hosted",
    partnerName: "Megaport",
    vlan: 300,
    jumboFrameCapable: false,
  };

  it("a hosted connection carries one interface, on the VLAN its partner assigned", () => {
    expect(hostedRules(topology(), dedicated)).toBeNull();
    expect(hostedRules(topology(), hosted)).toEqual({ vlan: 300, taken: undefined });
    const on = vif({ connectionId: hosted.id, vlan: 300 });
    expect(hostedRules(topology({ virtualInterfaces: [on] }), hosted)?.taken).toBe(on);
    // One on its way out no longer takes the connection.
    expect(
      hostedRules(topology({ virtualInterfaces: [{ ...on, state: "deleting" }] }), hosted)?.taken,
    ).toBeUndefined();
    expect(hostedVlanError(777, 300)).toBe(
      "A hosted connection's interface uses the VLAN its partner assigned: 300.",
    );
    expect(hostedVlanError(300, 300)).toBeNull();
    expect(hostedVlanError(777, undefined)).toBeNull();
  });

  it("offers no interface on a connection AWS would refuse one for its state, and says why", () => {
    expect(parentStateBlocker(dedicated)).toBeNull();
    expect(parentStateBlocker({ ...hosted, state: "ordering" })).toBe(
      "Accept this hosted connection before creating its interface.",
    );
    expect(parentStateBlocker({ ...hosted, state: "rejected" })).toMatch(/declined \(rejected\)/);
    expect(parentStateBlocker({ ...dedicated, state: "deleting" })).toBe(
      "AWS takes no new interface on a connection that is deleting.",
    );
    // Down is still a connection: AWS takes an interface on it.
    expect(parentStateBlocker({ ...dedicated, state: "down" })).toBeNull();
    expect(parentStateBlocker({ ...dedicated, state: "pending" })).toBeNull();
  });

  it("offers jumbo MTUs only where the connection takes them", () => {
    expect(takesJumboFrames(dedicated)).toBe(true);
    expect(takesJumboFrames(hosted)).toBe(false);
    expect(mtuChoices("private", true)).toContain(9001);
    expect(mtuChoices("private", false)).toEqual([1500]);
    expect(mtuChoices("transit", false)).toEqual([1500]);
  });
});

describe("the account an interface is allocated to", () => {
  it("is taken as the console shows it, dashes and spaces dropped", () => {
    expect(allocationOwner({ owner: "other", otherAccount: " 1111-2222-3333 " }, accounts)).toBe(
      "111122223333",
    );
    expect(allocationOwner({ owner: "other", otherAccount: "1111 2222 3333" }, accounts)).toBe(
      "111122223333",
    );
  });
});

describe("an allocation to the connection owner's own account", () => {
  it("is refused before the call, as AWS would refuse it", () => {
    const own = accounts[0]!;
    expect(
      selfAllocationError(
        { owner: "other", otherAccount: ` ${own.accountId} ` },
        accounts,
        own.accountId,
      ),
    ).toMatch(/^That is the connection owner's own account/);
    expect(
      selfAllocationError(
        { owner: "other", otherAccount: "999988887777" },
        accounts,
        own.accountId,
      ),
    ).toBeNull();
    expect(
      selfAllocationError({ owner: "self", otherAccount: "" }, accounts, own.accountId),
    ).toBeNull();
  });
});
