/**
 * Identifiers shaped like the real service's: `dxcon-`, `dxlag-`, `dxvif-` + 8 of [a-z0-9] (modern ids
 * start with "f", e.g. dxvif-fgputw0j); `dxpeer-` + 8 (emulator choice for the tail); gateway,
 * association and test ids are lowercase UUIDs; virtual private gateways `vgw-` + 8 hex.
 * A seeded source makes a seed scenario produce the same ids every time, so a shared URL or a test
 * can name a seeded resource.
 */
import { randomBytes, randomUUID } from "node:crypto";

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const AUTH_KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";

export interface Random {
  /** A float in [0, 1). */
  next(): number;
}

export const cryptoRandom: Random = {
  next: () => randomBytes(4).readUInt32BE(0) / 0x1_0000_0000,
};

/** FNV-1a: a name (a seed, a location) as the number that seeds a `seededRandom`. */
export function hashSeed(name: string): number {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** mulberry32: small, fast and good enough to make seed scenarios reproducible. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
    },
  };
}

const pick = (random: Random, alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[Math.floor(random.next() * alphabet.length)]).join("");

export class Ids {
  constructor(private readonly random: Random = cryptoRandom) {}

  connection = () => `dxcon-f${pick(this.random, ALNUM, 7)}`;
  lag = () => `dxlag-f${pick(this.random, ALNUM, 7)}`;
  virtualInterface = () => `dxvif-f${pick(this.random, ALNUM, 7)}`;
  bgpPeer = () => `dxpeer-f${pick(this.random, ALNUM, 7)}`;
  virtualGateway = () => `vgw-${pick(this.random, "0123456789abcdef", 8)}`;
  /** An AWS device name: the location's code and 12 or 13 of [a-z0-9] (`EqDC2-2bx9a3dkf7ux1`). */
  device = (location: string, length: 12 | 13 = 12) =>
    `${location}-${pick(this.random, ALNUM, length)}`;
  /** Generated BGP auth keys look like AWS's: "0x" + 22 of [A-Za-z0-9._]. */
  authKey = () => `0x${pick(this.random, AUTH_KEY_CHARS, 22)}`;

  uuid = (): string => {
    if (this.random === cryptoRandom) return randomUUID();
    const hex = pick(this.random, "0123456789abcdef", 32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
}

export const ID_FORMATS = {
  connection: /^dxcon-[a-z0-9]{8}$/,
  lag: /^dxlag-[a-z0-9]{8}$/,
  virtualInterface: /^dxvif-[a-z0-9]{8}$/,
  bgpPeer: /^dxpeer-[a-z0-9]{8}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  virtualGateway: /^vgw-([0-9a-f]{8}|[0-9a-f]{17})$/,
  transitGateway: /^tgw-[0-9a-f]{17}$/,
  /** awsDeviceV2 and awsLogicalDeviceId: `<Location>-<12 or 13 of [a-z0-9]>`; group 1 is the location. */
  device: /^([A-Za-z0-9]+)-[a-z0-9]{12,13}$/,
} as const;
