/**
 * Direct Connect's numeric and addressing rules, as the service enforces them. Messages quote the real
 * service where a public source records it; the others are marked "emulator choice".
 */
import ipaddr from "ipaddr.js";
import { ClientError } from "./errors";
import type { VifType } from "./state";

export const MAX_ASN = 2_147_483_646;
export const MAX_ASN_LONG = 4_294_967_294;

/** Private ASN ranges: 64512-65534 and 4200000000-4294967294. */
export const isPrivateAsn = (asn: number) =>
  (asn >= 64512 && asn <= 65534) || (asn >= 4_200_000_000 && asn <= MAX_ASN_LONG);

/**
 * Resolves the ASN of a request: `asnLong` wins when both are sent. The reply shows `asn: 0` for a
 * 4-byte ASN (above 65535), which only `asnLong` can carry faithfully.
 */
export function resolveAsn(input: { asn?: number; asnLong?: number }): number {
  if (input.asnLong !== undefined) {
    if (input.asnLong < 1 || input.asnLong > MAX_ASN_LONG) {
      throw new ClientError(
        `ASN ${input.asnLong} is not valid. The valid range is 1 to ${MAX_ASN_LONG}.`,
      );
    }
    return input.asnLong;
  }
  if (input.asn === undefined) throw new ClientError("An ASN (asn or asnLong) must be specified."); // emulator choice
  if (input.asn < 1 || input.asn > MAX_ASN) {
    throw new ClientError(`ASN ${input.asn} is not valid. The valid range is 1 to ${MAX_ASN}.`);
  }
  return input.asn;
}

export const asnField = (asn: number) => (asn > 65535 ? 0 : asn);

export function checkVlan(vlan: number): void {
  if (!Number.isInteger(vlan) || vlan < 1 || vlan > 4094) {
    throw new ClientError(`VLAN ${vlan} is not valid. The valid range is 1 to 4094.`);
  }
}

export function checkAuthKey(authKey: string | undefined): void {
  if (authKey !== undefined && (authKey.length < 6 || authKey.length > 80)) {
    throw new ClientError("BGP authentication key must be between 6 and 80 characters."); // emulator choice
  }
}

/** MTU by type: private 1500 or 9001; transit 1500 or 8500; public 1500 only. */
export function checkMtu(
  type: VifType,
  mtu: number,
  jumboFrameCapable: boolean,
  connectionId: string,
): void {
  const allowed = { private: [1500, 9001], transit: [1500, 8500], public: [1500] }[type];
  if (!allowed.includes(mtu)) {
    throw new ClientError(
      `MTU ${mtu} is not valid for a ${type} virtual interface. Valid values: ${allowed.join(", ")}.`,
    );
  }
  if (mtu > 1500 && !jumboFrameCapable) {
    throw new ClientError(`Connection ${connectionId} is not jumbo frame capable.`);
  }
}

/** Ranges a public interface refuses. Documentation ranges (203.0.113.0/24 and friends) pass, as AWS's own examples use them. */
const NOT_PUBLIC = new Set([
  "private",
  "linkLocal",
  "loopback",
  "carrierGradeNat",
  "unspecified",
  "multicast",
  "broadcast",
]);

type Parsed = { address: ipaddr.IPv4 | ipaddr.IPv6; bits: number; text: string };

function parseCidr(text: string, what: string): Parsed {
  if (!ipaddr.isValidCIDR(text)) throw new ClientError(`${what} ${text} is not a valid CIDR.`);
  const [address, bits] = ipaddr.parseCIDR(text);
  return { address, bits, text };
}

/**
 * IPv4 peer addresses supplied by the customer: same subnet, neither its network nor its broadcast
 * address. On public interfaces both must be public ("Amazon Address is not allowed to contain a private IP").
 */
export function checkIpv4Pair(amazonAddress: string, customerAddress: string, type: VifType): void {
  const amazon = parseCidr(amazonAddress, "Amazon Address");
  const customer = parseCidr(customerAddress, "Customer Address");
  if (amazon.address.kind() !== "ipv4" || customer.address.kind() !== "ipv4") {
    throw new ClientError(
      "Amazon Address and Customer Address must be IPv4 addresses for an ipv4 peer.",
    );
  }
  if (type === "public") {
    for (const [name, p] of [
      ["Amazon Address", amazon],
      ["Customer Address", customer],
    ] as const) {
      if (NOT_PUBLIC.has(p.address.range()))
        throw new ClientError(`${name} is not allowed to contain a private IP`);
    }
  }
  if (amazon.bits !== customer.bits || !amazon.address.match(customer.address, customer.bits)) {
    throw new ClientError("Amazon Address and Customer Address must be in the same CIDR");
  }
  if (amazon.bits <= 30) {
    for (const [name, p] of [
      ["Amazon Address", amazon],
      ["Customer Address", customer],
    ] as const) {
      const network = ipaddr.IPv4.networkAddressFromCIDR(p.text).toString();
      const broadcast = ipaddr.IPv4.broadcastAddressFromCIDR(p.text).toString();
      if (p.address.toString() === network)
        throw new ClientError(`${name} is address 0 on its subnet.`);
      if (p.address.toString() === broadcast)
        throw new ClientError(`${name} is the broadcast address on its subnet.`);
    }
  }
  if (amazon.address.toString() === customer.address.toString()) {
    throw new ClientError("Amazon Address and Customer Address must be different."); // emulator choice
  }
}

/** Route-filter prefixes of a public interface: valid CIDRs; IPv6 ones /64 or shorter. */
export function checkPrefixes(prefixes: string[]): void {
  if (prefixes.length > 1000)
    throw new ClientError("A public virtual interface can advertise at most 1000 prefixes.");
  for (const cidr of prefixes) {
    const p = parseCidr(cidr, "Prefix");
    if (p.address.kind() === "ipv6" && p.bits > 64) {
      throw new ClientError(`IPv6 prefix ${cidr} must be /64 or shorter.`);
    }
  }
}

/** The /30 a private or transit peer gets from 169.254.0.0/16 when it supplies no addresses. */
export function allocateLinkLocal30(used: Set<string>): {
  amazonAddress: string;
  customerAddress: string;
} {
  // Emulator choice: scan from 169.254.255.0 downwards, as real assignments cluster high in the range.
  for (let third = 255; third >= 0; third -= 1) {
    for (let fourth = 0; fourth < 256; fourth += 4) {
      const network = `169.254.${third}.${fourth}`;
      if (!used.has(network)) {
        return {
          amazonAddress: `169.254.${third}.${fourth + 1}/30`,
          customerAddress: `169.254.${third}.${fourth + 2}/30`,
        };
      }
    }
  }
  throw new ClientError("No link-local address space is left in this region."); // emulator choice
}

export const ipv4Network = (cidr: string) => ipaddr.IPv4.networkAddressFromCIDR(cidr).toString();

/**
 * The /125 an IPv6 peer gets: AWS assigns both addresses (amazon ...1/125, customer the next).
 * Emulator choice: blocks come from the documentation prefix 2001:db8::/32, one /64 per region.
 */
/** The `sequence`-th /125 of a region's block. */
export function ipv6Pair(
  regionIndex: number,
  sequence: number,
): { amazonAddress: string; customerAddress: string } {
  const base = sequence * 8;
  const prefix = `2001:db8:1100:${(0x2f0 + regionIndex).toString(16)}:0:1:${Math.floor(base / 0x10000).toString(16)}`;
  return {
    amazonAddress: `${prefix}:${((base % 0x10000) + 1).toString(16)}/125`,
    customerAddress: `${prefix}:${((base % 0x10000) + 2).toString(16)}/125`,
  };
}

/** The first /125 of the region not in `used` (amazon addresses). */
export function allocateIpv6(
  regionIndex: number,
  used: Set<string>,
): { amazonAddress: string; customerAddress: string } {
  for (let sequence = 0; ; sequence += 1) {
    const pair = ipv6Pair(regionIndex, sequence);
    if (!used.has(pair.amazonAddress)) return pair;
  }
}
