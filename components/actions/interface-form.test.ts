import { describe, expect, it } from "vitest";

import type { DxConnection } from "@/lib/dx/types";

import {
  allocationOwner,
  createInterfaceBody,
  hostedRules,
  hostedVlanError,
  mtuChoices,
  takesJumboFrames,
  ownerChoices,
  parentStateBlocker,
  parsePrefixes,
  selfAllocationError,
  usedVlans,
  vlanInUseError,
  validateInterfaceForm,
  type InterfaceFormValues,
} from "./interface-form";
import { topology, vif } from "./test-fixtures";

const accounts = topology().accounts;
const VGW = "vgw-1a2b3c4d";
const DXGW = "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01";

const values = (over: Partial<InterfaceFormValues> = {}): InterfaceFormValues => ({
  type: "private",
  owner: "self",
  otherAccount: "",
  name: "app-private",
  vlan: 900,
  asn: 65100,
  mtu: "1500",
  addressFamily: "ipv4",
  authKey: "",
  amazonAddress: "",
  customerAddress: "",
  gateway: VGW,
  routeFilterPrefixes: "",
  ...over,
});

describe("the owner of a new interface", () => {
  it("offers the connection's own account, every other configured account, and any other", () => {
    expect(ownerChoices("network", accounts)).toEqual([
      { value: "self", label: "This account (network)" },
      { value: "workload", label: "workload (222222222222)" },
      { value: "other", label: "Another AWS account…" },
    ]);
  });

  it("maps an alias to its 12-digit account id: AWS allocates to ids, never aliases", () => {
    expect(allocationOwner({ owner: "self", otherAccount: "" }, accounts)).toBeUndefined();
    expect(allocationOwner({ owner: "workload", otherAccount: "" }, accounts)).toBe("222222222222");
    expect(allocationOwner({ owner: "other", otherAccount: " 333333333333 " }, accounts)).toBe(
      "333333333333",
    );
  });

  it("allocates to the mapped id, with no gateway (the receiving account picks one when it approves)", () => {
    const result = validateInterfaceForm(values({ owner: "workload", gateway: VGW }), accounts);
    expect(result).toMatchObject({ ok: true, fields: { ownerAccount: "222222222222" } });
    if (result.ok) expect(result.fields).not.toHaveProperty("virtualGatewayId", VGW);
  });

  it("asks for the account id when another account is chosen, on the id field", () => {
    for (const otherAccount of ["", "12345"]) {
      const result = validateInterfaceForm(values({ owner: "other", otherAccount }), accounts);
      expect(result).toEqual({
        ok: false,
        errors: { otherAccount: "An AWS account id has 12 digits." },
      });
    }
  });
});

describe("validating the form", () => {
  it("sends the chosen gateway in the field its kind needs", () => {
    const vgw = validateInterfaceForm(values({ gateway: VGW }), accounts);
    expect(vgw.ok && vgw.fields.virtualGatewayId).toBe(VGW);
    const dxgw = validateInterfaceForm(
      values({ type: "transit", gateway: DXGW, mtu: "8500" }),
      accounts,
    );
    expect(dxgw.ok && dxgw.fields.directConnectGatewayId).toBe(DXGW);
  });

  it("shows every problem at once: the rules across fields too, while a field is still wrong", () => {
    // A public interface submitted empty: the addresses and prefixes it needs are named with the rest.
    const empty = validateInterfaceForm(
      values({ type: "public", name: "", vlan: Number.NaN, asn: Number.NaN, gateway: "" }),
      accounts,
    );
    expect(empty.ok).toBe(false);
    expect(Object.keys(empty.ok ? {} : empty.errors).sort()).toEqual([
      "amazonAddress",
      "asn",
      "customerAddress",
      "name",
      "routeFilterPrefixes",
      "vlan",
    ]);
    // A broadcast address and a private prefix are named while the ASN is still wrong.
    const bad = validateInterfaceForm(
      values({
        type: "public",
        asn: Number.NaN,
        amazonAddress: "203.0.113.3/30",
        customerAddress: "203.0.113.2/30",
        routeFilterPrefixes: "10.0.0.0/8",
        gateway: "",
      }),
      accounts,
    );
    expect(bad).toMatchObject({
      ok: false,
      errors: {
        amazonAddress: "That is the subnet's broadcast address.",
        routeFilterPrefixes:
          "10.0.0.0/8 is not public: a public interface advertises public prefixes you own.",
      },
    });
    expect(Object.keys(bad.ok ? {} : bad.errors)).toContain("asn");
  });

  it("shows the schema's messages on the controls that hold the values", () => {
    expect(validateInterfaceForm(values({ gateway: "" }), accounts)).toEqual({
      ok: false,
      errors: {
        gateway: "Choose one gateway: a virtual private gateway or a Direct Connect gateway.",
      },
    });
    expect(validateInterfaceForm(values({ vlan: Number.NaN, name: " " }), accounts)).toMatchObject({
      ok: false,
      errors: { vlan: "Give a VLAN from 1 to 4094.", name: "Give the interface a name." },
    });
    expect(
      validateInterfaceForm(values({ type: "transit", gateway: DXGW, mtu: "9001" }), accounts),
    ).toMatchObject({
      ok: false,
      errors: { mtu: "MTU for a transit interface: 1500 or 8500." },
    });
  });

  it("needs public addresses and at least one prefix on a public interface, one per line", () => {
    const publicValues = values({ type: "public", gateway: VGW });
    expect(validateInterfaceForm(publicValues, accounts)).toMatchObject({
      ok: false,
      errors: { amazonAddress: expect.any(String) },
    });
    const ok = validateInterfaceForm(
      {
        ...publicValues,
        amazonAddress: "203.0.113.1/30",
        customerAddress: "203.0.113.2/30",
        routeFilterPrefixes: "198.51.100.0/24\n\n 192.0.2.0/24 ",
      },
      accounts,
    );
    expect(ok).toMatchObject({
      ok: true,
      fields: { routeFilterPrefixes: ["198.51.100.0/24", "192.0.2.0/24"] },
    });
    // The public interface ignores the gateway select, which it does not show.
    if (ok.ok) expect(ok.fields.virtualGatewayId).toBeUndefined();
    const bad = validateInterfaceForm(
      {
        ...publicValues,
        amazonAddress: "203.0.113.1/30",
        customerAddress: "203.0.113.2/30",
        routeFilterPrefixes: "nope",
      },
      accounts,
    );
    expect(bad).toEqual({
      ok: false,
      errors: { routeFilterPrefixes: "nope is not a CIDR like 203.0.113.0/24." },
    });
    const twoBad = validateInterfaceForm(
      {
        ...publicValues,
        amazonAddress: "203.0.113.1/30",
        customerAddress: "203.0.113.2/30",
        routeFilterPrefixes: "abc\n198.51.100.0/24\n203.0.113.0/33",
      },
      accounts,
    );
    expect(twoBad).toEqual({
      ok: false,
      errors: {
        routeFilterPrefixes:
          "abc is not a CIDR like 203.0.113.0/24. 203.0.113.0/33 is not a CIDR like 203.0.113.0/24.",
      },
    });
    // A private range is not something a public interface can advertise.
    const notPublic = validateInterfaceForm(
      {
        ...publicValues,
        amazonAddress: "203.0.113.1/30",
        customerAddress: "203.0.113.2/30",
        routeFilterPrefixes: "198.51.100.0/24\n10.0.0.0/8\nfd00::/48",
      },
      accounts,
    );
    expect(notPublic).toEqual({
      ok: false,
      errors: {
        routeFilterPrefixes:
          "10.0.0.0/8 is not public: a public interface advertises public prefixes you own. fd00::/48 is not public: a public interface advertises public prefixes you own.",
      },
    });
  });

  it("sends no addresses for IPv6 (AWS assigns them) even when the hidden fields hold some", () => {
    const result = validateInterfaceForm(
      values({ addressFamily: "ipv6", amazonAddress: "169.254.1.1/30", customerAddress: "x" }),
      accounts,
    );
    expect(result).toMatchObject({
      ok: true,
      fields: { addressFamily: "ipv6", amazonAddress: undefined, customerAddress: undefined },
    });
  });
});

describe("the request", () => {
  it("is made by the connection's account in its region", () => {
    const result = validateInterfaceForm(values(), accounts);
    if (!result.ok) throw new Error("expected valid");
    expect(
      createInterfaceBody(
        { account: "network", region: "eu-west-1", id: "dxcon-aaaa1111" },
        result.fields,
      ),
    ).toMatchObject({
      account: "network",
      region: "eu-west-1",
      connectionId: "dxcon-aaaa1111",
      type: "private",
      vlan: 900,
      virtualGatewayId: VGW,
    });
  });

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
