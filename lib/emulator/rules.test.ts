import { describe, expect, it } from "vitest";
import { ClientError } from "./errors";
import { validateInput } from "./model";
import {
  allocateIpv6,
  allocateLinkLocal30,
  asnField,
  checkIpv4Pair,
  checkPrefixes,
  isPrivateAsn,
  resolveAsn,
} from "./rules";

describe("ASN rules", () => {
  it("knows the private ranges", () => {
    expect(
      [64511, 64512, 65534, 65535, 4_199_999_999, 4_200_000_000, 4_294_967_294].map(isPrivateAsn),
    ).toEqual([false, true, true, false, false, true, true]);
  });

  it("prefers asnLong and shows 4-byte ASNs as 0 in the asn field", () => {
    expect(resolveAsn({ asn: 65000, asnLong: 4_200_000_000 })).toBe(4_200_000_000);
    expect(asnField(4_200_000_000)).toBe(0);
    expect(asnField(65000)).toBe(65000);
    expect(() => resolveAsn({})).toThrow(ClientError);
  });
});

describe("addressing", () => {
  it("hands out the next free /30 from 169.254.255.0 down", () => {
    expect(allocateLinkLocal30(new Set())).toEqual({
      amazonAddress: "169.254.255.1/30",
      customerAddress: "169.254.255.2/30",
    });
    expect(allocateLinkLocal30(new Set(["169.254.255.0"]))).toEqual({
      amazonAddress: "169.254.255.5/30",
      customerAddress: "169.254.255.6/30",
    });
  });

  it("hands out consecutive /125 blocks with amazon ::1 and customer ::2", () => {
    const first = allocateIpv6(0, new Set());
    const second = allocateIpv6(0, new Set([first.amazonAddress]));
    expect(first.amazonAddress.endsWith(":1/125")).toBe(true);
    expect(first.customerAddress.endsWith(":2/125")).toBe(true);
    expect(second.amazonAddress.endsWith(":9/125")).toBe(true);
  });

  it("checks public IPv4 pairs with the service's messages", () => {
    expect(() => checkIpv4Pair("192.168.0.1/30", "192.168.0.2/30", "public")).toThrow(
      "Amazon Address is not allowed to contain a private IP",
    );
    expect(() => checkIpv4Pair("192.168.0.1/30", "192.168.0.2/30", "private")).not.toThrow();
    expect(() => checkIpv4Pair("not-an-ip", "192.168.0.2/30", "private")).toThrow(
      "Amazon Address not-an-ip is not a valid CIDR.",
    );
    expect(() => checkIpv4Pair("203.0.113.1/29", "203.0.113.2/30", "public")).toThrow(
      "must be in the same CIDR",
    );
    // A /31 has no network or broadcast address to refuse.
    expect(() => checkIpv4Pair("203.0.113.0/31", "203.0.113.1/31", "public")).not.toThrow();
  });

  it("refuses IPv6 route-filter prefixes longer than /64", () => {
    expect(() => checkPrefixes(["2001:db8::/64"])).not.toThrow();
    expect(() => checkPrefixes(["2001:db8::/65"])).toThrow(
      "IPv6 prefix 2001:db8::/65 must be /64 or shorter.",
    );
  });
});

describe("model validation", () => {
  it("names every missing required member and wrong type, AWS-style", () => {
    expect(() => validateInput("CreateConnection", { location: "EqDC2", bandwidth: 10 })).toThrow(
      "2 validation errors detected: Value null at 'connectionName' failed to satisfy constraint: Member must not be null; Value '10' at 'bandwidth' failed to satisfy constraint: Member must be a string",
    );
  });

  it("checks nested structures, enums and lists", () => {
    expect(() =>
      validateInput("CreateBGPPeer", {
        virtualInterfaceId: "dxvif-ffffffff",
        newBGPPeer: { asn: "65000", addressFamily: "ipv5" },
      }),
    ).toThrow(
      /'newBGPPeer.asn' .*Member must be an integer; .*'newBGPPeer.addressFamily' .*enum value set: \[ipv4, ipv6\]/,
    );
    expect(() => validateInput("TagResource", { resourceArn: "arn", tags: [] })).toThrow(
      /Member must have length greater than or equal to 1/,
    );
    expect(() => validateInput("DescribeLocations", {})).not.toThrow();
  });
});
