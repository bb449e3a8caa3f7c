import { describe, expect, it } from "vitest";

import { bgpPeerFields, parseAsnInput } from "@/lib/dx/schemas";

import {
  addPeerBlocker,
  deletePeerBlocker,
  familyConflict,
  freeFamilies,
  peerFieldsForFamily,
  peerScope,
  peersPerFamily,
} from "./peers";
import { peer, vif } from "./test-fixtures";

describe("a second peer of one address family", () => {
  it("is refused with the reason when the interface has a live peer of that family", () => {
    const v = vif({ bgpPeers: [peer({ addressFamily: "ipv6" })] });
    expect(familyConflict(v, "ipv6")).toBe(
      "This interface already has an IPv6 peer; AWS allows one per address family.",
    );
    expect(familyConflict(v, "ipv4")).toBeNull();
  });

  it("is allowed once the existing peer of that family is deleting or deleted", () => {
    for (const state of ["deleting", "deleted"]) {
      expect(familyConflict(vif({ bgpPeers: [peer({ state })] }), "ipv4")).toBeNull();
    }
    // Every other state still holds the family, including the transitional ones.
    for (const state of ["pending", "verifying", "available"]) {
      expect(familyConflict(vif({ bgpPeers: [peer({ state })] }), "ipv4")).not.toBeNull();
    }
  });

  it("leaves the families still free, in the order the form offers them", () => {
    expect(freeFamilies(vif({ bgpPeers: [] }))).toEqual(["ipv4", "ipv6"]);
    expect(freeFamilies(vif({ bgpPeers: [peer()] }))).toEqual(["ipv6"]);
    expect(
      freeFamilies(vif({ bgpPeers: [peer(), peer({ id: "dxpeer-b", addressFamily: "ipv6" })] })),
    ).toEqual([]);
  });
});

describe("the peer form's rules", () => {
  it("names a missing address while the ASN is still wrong: every problem at once", () => {
    const parsed = bgpPeerFields("public").safeParse({
      addressFamily: "ipv4",
      asn: Number.NaN,
      amazonAddress: "",
      customerAddress: "",
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => String(i.path[0])).sort();
    expect(paths).toEqual(["amazonAddress", "asn", "customerAddress"]);
  });
});

describe("a connection with logical redundancy", () => {
  it("takes a second peer of one address family, as AWS allows there, and refuses a third", () => {
    expect(peersPerFamily({ hasLogicalRedundancy: "yes" })).toBe(2);
    for (const other of [
      { hasLogicalRedundancy: "no" },
      { hasLogicalRedundancy: "unknown" },
      { hasLogicalRedundancy: null },
      {},
      undefined,
    ]) {
      expect(peersPerFamily(other)).toBe(1);
    }
    const one = vif({ bgpPeers: [peer()] });
    expect(familyConflict(one, "ipv4", 2)).toBeNull();
    expect(freeFamilies(one, 2)).toEqual(["ipv4", "ipv6"]);
    expect(addPeerBlocker(one, 2)).toBeNull();
    const two = vif({ bgpPeers: [peer(), peer({ id: "dxpeer-b" })] });
    expect(familyConflict(two, "ipv4", 2)).toBe(
      "This interface already has two IPv4 peers; AWS allows two per address family on a connection with logical redundancy.",
    );
    const full = vif({
      bgpPeers: [
        peer(),
        peer({ id: "dxpeer-b" }),
        peer({ id: "dxpeer-c", addressFamily: "ipv6" }),
        peer({ id: "dxpeer-d", addressFamily: "ipv6" }),
      ],
    });
    expect(addPeerBlocker(full, 2)).toMatch(/two IPv4 and two IPv6 peers/);
    // Without redundancy the same interface with one peer per family is full.
    expect(
      addPeerBlocker(
        vif({ bgpPeers: [peer(), peer({ id: "dxpeer-c", addressFamily: "ipv6" })] }),
        1,
      ),
    ).toMatch(/an IPv4 and an IPv6 peer/);
  });
});

describe("deleting a peer", () => {
  const v4 = peer({ id: "dxpeer-v4" });
  const v6 = peer({ id: "dxpeer-v6", addressFamily: "ipv6" });

  it("is blocked on the last live peer of an interface, with the reason", () => {
    expect(deletePeerBlocker(vif({ bgpPeers: [v4] }), v4)).toBe(
      "The last BGP peer of an interface cannot be deleted.",
    );
    // A peer on its way out does not keep the other alive.
    expect(deletePeerBlocker(vif({ bgpPeers: [v4, { ...v6, state: "deleting" }] }), v4)).toMatch(
      /last BGP peer/,
    );
  });

  it("is allowed while another live peer remains", () => {
    expect(deletePeerBlocker(vif({ bgpPeers: [v4, v6] }), v4)).toBeNull();
    expect(deletePeerBlocker(vif({ bgpPeers: [v4, { ...v6, state: "pending" }] }), v4)).toBeNull();
  });

  it("is blocked on a peer already deleting or deleted", () => {
    expect(
      deletePeerBlocker(vif({ bgpPeers: [v4, { ...v6, state: "deleting" }] }), {
        ...v6,
        state: "deleting",
      }),
    ).toBe("This peer is already being deleted.");
    expect(deletePeerBlocker(vif({ bgpPeers: [v4] }), { ...v6, state: "deleted" })).toBe(
      "This peer is deleted.",
    );
  });
});

describe("the peer request", () => {
  it("runs as the interface's owner, not the account that allocated it", () => {
    const allocated = vif({
      account: "network",
      ownerAlias: "workload",
      region: "eu-west-1",
      id: "dxvif-cccc3333",
    });
    expect(peerScope(allocated)).toEqual({
      account: "workload",
      region: "eu-west-1",
      virtualInterfaceId: "dxvif-cccc3333",
    });
    // An owner that is not configured: the account that read it is all dxmap can use.
    expect(peerScope(vif({ ownerAlias: null })).account).toBe("network");
  });

  it("sends no addresses for IPv6, whatever the hidden IPv4 fields still hold", () => {
    const values = {
      addressFamily: "ipv6",
      asn: 65000,
      authKey: "",
      amazonAddress: "169.254.10.1/30",
      customerAddress: "169.254.10.2/30",
    };
    const fields = peerFieldsForFamily(values);
    expect(fields).toMatchObject({ amazonAddress: undefined, customerAddress: undefined });
    expect(bgpPeerFields("private").safeParse(fields).success).toBe(true);
    expect(peerFieldsForFamily({ ...values, addressFamily: "ipv4" }).amazonAddress).toBe(
      "169.254.10.1/30",
    );
  });
});

describe("adding a peer", () => {
  it("is open on an available interface with a free address family", () => {
    expect(addPeerBlocker(vif({ bgpPeers: [peer()] }))).toBeNull();
    expect(addPeerBlocker(vif({ state: "down", bgpPeers: [peer()] }))).toBeNull();
  });

  it("is blocked while the interface awaits its owner's approval, as AWS refuses it then", () => {
    expect(addPeerBlocker(vif({ state: "confirming" }))).toMatch(/awaits its owner's approval/);
  });

  it("is blocked on an interface on its way out", () => {
    for (const state of ["deleting", "deleted", "rejected"])
      expect(addPeerBlocker(vif({ state }))).toBe(`This interface is ${state}.`);
  });

  it("is blocked when both families are taken", () => {
    const both = [peer(), peer({ id: "dxpeer-b", addressFamily: "ipv6" })];
    expect(addPeerBlocker(vif({ bgpPeers: both }))).toMatch(/an IPv4 and an IPv6 peer/);
  });

  it("is blocked, as is deleting, when the owner is an account dxmap cannot sign for", () => {
    const foreign = vif({
      ownerAlias: null,
      ownerAccount: "999999999999",
      bgpPeers: [peer(), peer({ id: "dxpeer-b", addressFamily: "ipv6" })],
    });
    expect(addPeerBlocker(foreign)).toBe(
      "Only the owner account 999999999999 can change this interface's BGP peers, and dxmap has no credentials for it.",
    );
    expect(deletePeerBlocker(foreign, foreign.bgpPeers[0]!)).toMatch(
      /Only the owner account 999999999999/,
    );
  });
});

describe("an IPv4 peer's addresses", () => {
  it("say so when an IPv6 address is given, and ask for the IPv4 form otherwise", () => {
    const messages = (amazonAddress: string) => {
      const r = bgpPeerFields("private").safeParse({
        addressFamily: "ipv4",
        asn: 65000,
        amazonAddress,
        customerAddress: "169.254.10.2/30",
      });
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(messages("2001:db8::1/125")).toEqual([
      "That is an IPv6 address, and this peer is IPv4: give one like 169.254.10.1/30 (for IPv6, choose IPv6: AWS assigns its addresses).",
    ]);
    expect(messages("169.254.10")).toEqual([
      "An IPv4 address with its prefix, like 169.254.10.1/30.",
    ]);
    expect(messages("169.254.10.1/30")).toEqual([]);
  });
});

describe("peer fields as typed", () => {
  const issues = (input: Record<string, unknown>, type?: "private" | "public") => {
    const parsed = bgpPeerFields(type).safeParse({ addressFamily: "ipv4", asn: 65000, ...input });
    return parsed.success
      ? { ok: parsed.data }
      : { errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  };

  it("keeps an auth key exactly as typed, and refuses one with a space at either end rather than trim it", () => {
    expect(issues({ authKey: "a b c d e" })).toMatchObject({ ok: { authKey: "a b c d e" } });
    expect(issues({ authKey: "  abcdefgh  " })).toEqual({
      errors: [
        "authKey: An auth key cannot start or end with a space: the router's key would not match it.",
      ],
    });
    expect(issues({ authKey: "" })).toMatchObject({ ok: { authKey: undefined } });
  });

  it("says a public interface needs both addresses, not that it may have neither", () => {
    expect(issues({ amazonAddress: "203.0.113.1/30" }, "public")).toEqual({
      errors: ["customerAddress: A public interface needs both addresses (public IPv4 CIDRs)."],
    });
    expect(issues({ amazonAddress: "169.254.10.1/30" }, "private")).toEqual({
      errors: ["customerAddress: Give both addresses, or neither for AWS to assign them."],
    });
  });

  it("refuses leading zeros instead of reading them as octal", () => {
    expect(
      issues({ amazonAddress: "169.254.010.001/30", customerAddress: "169.254.10.2/30" }),
    ).toEqual({
      errors: [
        "amazonAddress: An IPv4 address with its prefix, like 169.254.10.1/30, with no leading zeros.",
      ],
    });
  });
});

describe("an ASN as typed", () => {
  it("reads asplain and asdot, and nothing else", () => {
    expect(parseAsnInput(" 65000 ")).toBe(65000);
    expect(parseAsnInput("4200000000")).toBe(4_200_000_000);
    expect(parseAsnInput("1.10")).toBe(65546);
    expect(parseAsnInput("65535.65535")).toBe(4_294_967_295); // then refused: above 4294967294
    for (const bad of ["1e3", "65000.", ".5", "-1", "0x10", "65536.1", "1.65536", "", "6 5"])
      expect(parseAsnInput(bad), bad).toBeNaN();
  });

  it("says a number too large is out of range, not that it is not a number", () => {
    const parsed = bgpPeerFields().safeParse({
      addressFamily: "ipv6",
      asn: parseAsnInput("70000000000"),
    });
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([
      "ASN must be between 1 and 4294967294.",
    ]);
  });
});
