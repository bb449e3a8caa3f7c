import { describe, expect, it } from "vitest";

import { allocationOwner, createInterfaceBody } from "@/lib/dx/rules/interfaces";
import { topology } from "@/lib/dx/rules/test-fixtures";

import { ownerChoices, validateInterfaceForm, type InterfaceFormValues } from "./interface-form";

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
});
