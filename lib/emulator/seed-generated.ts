/**
 * Generated estates of a named size, for scale tests and benchmarks. The same size and seed number
 * always give the same estate (ids included):
 *   S: 10 connections, 50 interfaces, 100 peers (2 accounts, 2 regions)
 *   M: 100 connections, 1,000 interfaces, 2,000 peers (2 accounts, 2 regions)
 *   L: 500 connections, 5,000 interfaces, 10,000 peers (4 accounts, 4 regions)
 *   XL: 2,000 connections, 20,000 interfaces, 40,000 peers (an organization of 200 accounts, 6
 *       regions; seed-xl.ts)
 * Named `S`, `M`, `L`, `XL`, or with a seed number: `M:7`. Connections are owned by the "owner" accounts
 * (network; in L also partner); about a third of the interfaces are allocated to the other accounts,
 * some of them still confirming; a few have their BGP sessions down. Every interface has an IPv4 and
 * an IPv6 peer. Private interfaces attach to virtual private gateways or to Direct Connect gateways,
 * transit interfaces to Direct Connect gateways that serve transit interfaces only. Connections land
 * on their location's few devices (devices.ts), so some gateways depend on one device.
 */
import type { Account, KeyedAccount } from "./context";
import { hashSeed, Ids, seededRandom } from "./ids";
import { Builder, linkLocalAllocator } from "./seed-builder";
import { XL_CONNECTIONS, XL_INTERFACES, XL_MEMBERS, XL_REGIONS, xlEstate } from "./seed-xl";
import type { ConnectionRecord, EmulatorState, GatewayRecord, VifType } from "./state";

export const SIZES = {
  S: { connections: 10, interfaces: 50, regions: ["us-east-1", "eu-west-1"], accounts: 2 },
  M: { connections: 100, interfaces: 1000, regions: ["us-east-1", "eu-west-1"], accounts: 2 },
  L: {
    connections: 500,
    interfaces: 5000,
    regions: ["us-east-1", "eu-west-1", "us-west-2", "eu-central-1"],
    accounts: 4,
  },
  // An organization of 200 accounts (seed-xl.ts): network and 199 members reached through a role.
  XL: {
    connections: XL_CONNECTIONS,
    interfaces: XL_INTERFACES,
    regions: XL_REGIONS,
    accounts: XL_MEMBERS + 1,
  },
} as const;

export type Size = keyof typeof SIZES;

/** The two accounts the L estate adds to network and workload (keys shaped like AWS's, usable only here). */
export const SCALE_ACCOUNTS: readonly KeyedAccount[] = [
  {
    alias: "analytics",
    accountId: "333333333333",
    accessKeyId: "AKIAEXAMPLEANALYTICS",
    secretAccessKey: "analyticsEXAMPLEKEYanalyticsEXAMPLEKEY12",
  },
  {
    alias: "partner",
    accountId: "444444444444",
    accessKeyId: "AKIAEXAMPLEPARTNER01",
    secretAccessKey: "partnerEXAMPLEKEYpartnerEXAMPLEKEYpartne",
  },
];

/** `S`, `M:7`, `XL` → size and seed number; undefined for other names. */
export function parseSizedSeed(seed: string): { size: Size; number: number } | undefined {
  const m = /^(XL|[SML])(?::(\d{1,9}))?$/.exec(seed);
  return m ? { size: m[1] as Size, number: Number(m[2] ?? 1) } : undefined;
}

const LOCATIONS: Record<string, string[]> = {
  "us-east-1": ["EqDC2", "CSVA1", "EqNY5"],
  "eu-west-1": ["EirDB1", "TCDUB", "IntDUB2"],
  "us-west-2": ["EqSE2", "CSOR1"],
  "eu-central-1": ["EqFA5", "IntFR1"],
};

export function generatedEstate(
  seed: string,
  accounts: readonly Account[],
  now: number,
): EmulatorState {
  const parsed = parseSizedSeed(seed);
  if (!parsed) throw new Error(`Not a sized seed: ${seed}`);
  // XL is an organization of its own, with members that no account list names.
  if (parsed.size === "XL") return xlEstate(seed, accounts, now);
  const spec = SIZES[parsed.size];
  const all = accounts.slice(0, spec.accounts);
  if (all.length < spec.accounts)
    throw new Error(
      `Seed ${seed} needs ${spec.accounts} accounts; the emulator has ${accounts.length}.`,
    );
  const owners = spec.accounts === 4 ? [all[0]!, all[3]!] : [all[0]!];
  const receivers = all.filter((a) => !owners.includes(a));
  const b = new Builder(seed, now);
  const random = seededRandom(hashSeed(`${seed}/choices`));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random.next() * list.length)]!;

  // Direct Connect gateways per account, at most 30 interfaces each, and of one kind: AWS refuses to
  // mix private and transit interfaces on a gateway. The private ones are the gateways these estates
  // have always had (`dxgw-111-1`…, same ids and ASNs); the transit ones (`dxgw-111-transit-1`…) draw
  // their ids from a source of their own, so that adding them moved no other id of the estate.
  const gatewayPool = (label: string, firstAsn: number, ids: Ids) => {
    const pools = new Map<string, { gateway: GatewayRecord; used: number }[]>();
    return (accountId: string) => {
      const list = pools.get(accountId) ?? [];
      let entry = list.find((g) => g.used < 30);
      if (!entry) {
        entry = {
          gateway: b.gateway(
            accountId,
            `dxgw-${accountId.slice(0, 3)}-${label}${list.length + 1}`,
            firstAsn + list.length,
            ids,
          ),
          used: 0,
        };
        list.push(entry);
        pools.set(accountId, list);
      }
      entry.used += 1;
      return entry.gateway;
    };
  };
  const privateGateway = gatewayPool("", 64512, b.ids);
  const transitGateway = gatewayPool(
    "transit-",
    64612,
    new Ids(seededRandom(hashSeed(`${seed}/transit-gateways`))),
  );
  /**
   * Every interface on a Direct Connect gateway still takes a place among the private gateways' 30s,
   * as before gateways had kinds: they are made, and their ids drawn from the estate's one source of
   * ids, exactly where they always were, so every id drawn after them stays as it was.
   */
  const gatewayFor = (accountId: string, type: VifType) => {
    const place = privateGateway(accountId);
    return type === "transit" ? transitGateway(accountId) : place;
  };
  const vgws = new Map<string, string[]>();
  for (const region of spec.regions) {
    for (const a of all)
      vgws.set(
        `${a.accountId}/${region}`,
        Array.from({ length: 4 }, () => b.vgw(a.accountId, region)),
      );
  }

  const perConnection = spec.interfaces / spec.connections;
  const nextLinkLocal = linkLocalAllocator();
  for (let c = 0; c < spec.connections; c += 1) {
    const region = spec.regions[c % spec.regions.length]!;
    const owner = owners[c % owners.length]!;
    const location = pick(LOCATIONS[region]!);
    const connection: ConnectionRecord = b.connection(
      owner.accountId,
      region,
      location,
      `dx-${location.toLowerCase()}-${String(c + 1).padStart(3, "0")}`,
      {
        bandwidth: pick(["1Gbps", "10Gbps", "10Gbps", "100Gbps"]),
      },
    );
    for (let k = 0; k < perConnection; k += 1) {
      const roll = random.next();
      const type: VifType = roll < 0.6 ? "private" : roll < 0.8 ? "transit" : "public";
      const allocatedTo =
        receivers.length > 0 && random.next() < 0.33 ? pick(receivers) : undefined;
      const ownerId = allocatedTo?.accountId ?? owner.accountId;
      const confirming = allocatedTo !== undefined && random.next() < 0.15;
      const down = !confirming && random.next() < 0.03;
      const asn = 65000 + (c % 500);
      const [amazon, customer] =
        type === "public"
          ? [`203.0.113.${(k % 60) * 4 + 1}/30`, `203.0.113.${(k % 60) * 4 + 2}/30`]
          : nextLinkLocal(region);
      const peers = [b.peer("ipv4", asn, region, amazon, customer), b.peer("ipv6", asn, region)];
      for (const p of peers) {
        if (confirming) p.state = "pending";
        p.sessionDown = down;
      }
      const gateway =
        confirming || type === "public"
          ? {}
          : type === "transit" || random.next() < 0.3
            ? (() => {
                const g = gatewayFor(ownerId, type);
                return {
                  directConnectGatewayId: g.directConnectGatewayId,
                  amazonSideAsn: g.amazonSideAsn,
                };
              })()
            : { virtualGatewayId: pick(vgws.get(`${ownerId}/${region}`)!) };
      b.vif(connection, type, `${type}-${String(c + 1).padStart(3, "0")}-${k + 1}`, 100 + k, {
        ownerAccount: ownerId,
        peers,
        ...(confirming ? { state: "confirming" as const } : {}),
        ...(type === "public"
          ? {
              amazonSideAsn: region === "us-east-1" ? 7224 : 16509,
              routeFilterPrefixes: [`198.51.100.${(k % 32) * 8}/29`],
            }
          : {}),
        ...(type === "transit" ? { mtu: 8500 } : {}),
        ...gateway,
      });
    }
  }
  return b.state;
}
