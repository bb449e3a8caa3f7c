/**
 * The generated estate `XL` (`XL:7`: another of that size): an organization of 200 accounts over six
 * regions, for tests of organization scale and `npm run bench -- --sizes XL`. The same seed number
 * always gives the same estate, ids included.
 *
 *   - `network` (the management account, the only one with keys) and 199 member accounts with no
 *     keys, each reached only through its `dxmap-read` role trusting `network`, spread over units
 *     by environment (Production, with Regulated under it, Staging, Development, Sandbox, Shared
 *     Services);
 *   - 2,000 connections, 20,000 interfaces, 40,000 BGP peers (an IPv4 and an IPv6 peer on each) in
 *     us-east-1, eu-west-1, us-west-2, eu-central-1, ap-southeast-1 and ap-northeast-1.
 *
 * The "network account" pattern: `network` owns the dedicated connections and the LAGs, placed in
 * turn on each location's devices, and allocates most of their interfaces to the members (a few
 * percent still confirming: awaiting the member's approval). The members own their Direct Connect
 * gateways (private or transit, at most 30 interfaces each) and virtual private gateways, and a
 * tenth of the connections: partners' hosted connections of one interface each (a few still
 * ordering: the member has yet to accept them). Each gateway is built to a resilience model: its
 * interfaces placed on chosen locations and devices (maximum, high, development, or every path on one
 * device). A few percent of the sessions are down.
 */
import type { Account } from "./context";
import { devicePool, type Placement } from "./devices";
import { hashSeed, seededRandom } from "./ids";
import {
  addMemberAccount,
  addOrganizationalUnit,
  createOrganization,
  putRole,
  READ_ROLE_NAME,
} from "./organization";
import { Builder, linkLocalAllocator } from "./seed-builder";
import { memberAccountIds } from "./seed-organization";
import type { ConnectionRecord, EmulatorState, GatewayRecord, LagRecord, VifType } from "./state";

export const XL_REGIONS = [
  "us-east-1",
  "eu-west-1",
  "us-west-2",
  "eu-central-1",
  "ap-southeast-1",
  "ap-northeast-1",
] as const;

export const XL_MEMBERS = 199;
export const XL_CONNECTIONS = 2000;
export const XL_INTERFACES = 20_000;

const LOCATIONS: Record<(typeof XL_REGIONS)[number], string[]> = {
  "us-east-1": ["EqDC2", "CSVA1", "EqNY5"],
  "eu-west-1": ["EirDB1", "TCDUB", "IntDUB2"],
  "us-west-2": ["EqSE2", "CSOR1"],
  "eu-central-1": ["EqFA5", "IntFR1"],
  "ap-southeast-1": ["EqSG2", "GSSIN"],
  "ap-northeast-1": ["EqTY2", "ATTKY"],
};

/** Hosted connections (members'), of which some still ordering; LAGs per region and members each. */
const HOSTED = 200;
const HOSTED_ORDERING = 8;
const LAGS_PER_REGION = 8;
const LAG_MEMBERS = 2;
/** network's own interfaces on its connections (the rest are allocated to members), public among them. */
const NETWORK_OWN = 3000;
const NETWORK_PUBLIC = 600;
const CONFIRMING_SHARE = 0.3;
const DOWN_SHARE = 0.03;
const ONE_PEER_DOWN_SHARE = 0.015;

const TEAMS = [
  "payments",
  "checkout",
  "ledger",
  "fraud",
  "identity",
  "search",
  "catalog",
  "pricing",
  "orders",
  "shipping",
  "inventory",
  "billing",
  "analytics",
  "data-lake",
  "ml-platform",
  "observability",
  "logging",
  "security",
  "edge",
  "media",
  "streaming",
  "mobile-api",
  "web",
  "crm",
  "hr",
  "finance",
  "erp",
  "support",
  "messaging",
  "notifications",
  "gaming",
  "iot",
  "maps",
  "ads",
  "recommendations",
  "warehouse",
  "retail",
  "partner-portal",
  "loyalty",
  "travel",
];
const ENVIRONMENTS = ["prod", "staging", "dev", "sandbox", "shared"] as const;
type Environment = (typeof ENVIRONMENTS)[number];
/** How many interfaces an account of each environment takes, relatively. */
const WEIGHT: Record<Environment, number> = {
  prod: 3,
  shared: 2,
  staging: 1.5,
  dev: 1,
  sandbox: 0.4,
};
const REGULATED = new Set(["payments", "checkout", "ledger", "fraud", "identity", "billing"]);

type Design = "maximum" | "high" | "development" | "single";
const DESIGNS: [Design, number][] = [
  ["maximum", 0.45],
  ["high", 0.25],
  ["development", 0.15],
  ["single", 0.15],
];

/** A connection or LAG of network's that interfaces go on, with how many it carries. */
interface Parent {
  record: ConnectionRecord | LagRecord;
  vifs: number;
}

interface Member {
  accountId: string;
  name: string;
  environment: Environment;
  asn: number;
}

/** `XL`, `XL:7` → its seed number; undefined for other names. */
export function parseXlSeed(seed: string): number | undefined {
  const m = /^XL(?::(\d{1,9}))?$/.exec(seed);
  return m ? Number(m[1] ?? 1) : undefined;
}

export function xlEstate(seed: string, accounts: readonly Account[], now: number): EmulatorState {
  if (parseXlSeed(seed) === undefined) throw new Error(`Not an XL seed: ${seed}`);
  const management = accounts.find((a) => a.alias === "network") ?? accounts[0];
  if (!management) throw new Error(`Seed ${seed} needs an account to manage the organization.`);
  const network = management.accountId;
  const b = new Builder(seed, now);
  const state = b.state;
  const random = seededRandom(hashSeed(`${seed}/choices`));
  const chance = (p: number) => random.next() < p;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random.next() * list.length)]!;
  const between = (low: number, high: number) => low + Math.floor(random.next() * (high - low + 1));
  const weighted = <T>(choices: readonly [T, number][]) => {
    let r = random.next() * choices.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of choices) if ((r -= w) < 0) return value;
    return choices[choices.length - 1]![0];
  };

  // The organization: network manages it; the members have no keys, only their role.
  createOrganization(state, {
    managementAccountId: network,
    managementName: management.alias,
    now,
  });
  putRole(state, { accountId: network, roleName: READ_ROLE_NAME, trust: [network] });
  const unit = (name: string, parentId?: string) =>
    addOrganizationalUnit(state, { name, ...(parentId ? { parentId } : {}) }).id;
  const production = unit("Production");
  const units: Record<Environment | "regulated", string> = {
    prod: production,
    regulated: unit("Regulated", production),
    staging: unit("Staging"),
    dev: unit("Development"),
    sandbox: unit("Sandbox"),
    shared: unit("Shared Services"),
  };
  const ids = memberAccountIds(
    seed,
    XL_MEMBERS,
    accounts.map((a) => a.accountId),
  );
  const members: Member[] = ids.map((accountId, i) => {
    const team = TEAMS[Math.floor(i / ENVIRONMENTS.length)]!;
    const environment = ENVIRONMENTS[i % ENVIRONMENTS.length]!;
    const name = `${team}-${environment}`;
    addMemberAccount(state, {
      accountId,
      name,
      parentId:
        environment === "prod" && REGULATED.has(team) ? units.regulated : units[environment],
      joinedAt: now - (ids.length - i) * 86_400_000,
    });
    return { accountId, name, environment, asn: 65001 + i };
  });

  // network's dedicated connections, in turn at each location of a region and on each device there;
  // its LAGs (two members each) the same.
  const hostedVifs = HOSTED - HOSTED_ORDERING;
  const lagMembers = XL_REGIONS.length * LAGS_PER_REGION * LAG_MEMBERS;
  const dedicated = XL_CONNECTIONS - HOSTED - lagMembers;
  const cells = new Map<string, Parent[]>();
  const cellKey = (location: string, device: string) => `${location}/${device}`;
  const addParent = (record: ConnectionRecord | LagRecord) => {
    const key = cellKey(record.location, record.awsDevice);
    const list = cells.get(key) ?? [];
    list.push({ record, vifs: 0 });
    cells.set(key, list);
  };
  const placed = new Map<string, number>();
  const nextPlacement = (location: string): Placement => {
    const pool = devicePool(location);
    const n = placed.get(location) ?? 0;
    placed.set(location, n + 1);
    return pool[n % pool.length]!;
  };
  for (let c = 0; c < dedicated; c += 1) {
    const region = XL_REGIONS[c % XL_REGIONS.length]!;
    const locations = LOCATIONS[region];
    const location = locations[Math.floor(c / XL_REGIONS.length) % locations.length]!;
    addParent(
      b.connection(
        network,
        region,
        location,
        `dx-${location.toLowerCase()}-${String(c + 1).padStart(4, "0")}`,
        {
          bandwidth: pick(["1Gbps", "10Gbps", "10Gbps", "10Gbps", "100Gbps"]),
          ...nextPlacement(location),
        },
      ),
    );
  }
  for (const region of XL_REGIONS) {
    const locations = LOCATIONS[region];
    for (let l = 0; l < LAGS_PER_REGION; l += 1) {
      const location = locations[l % locations.length]!;
      const lag = b.lag(
        network,
        region,
        location,
        `lag-${location.toLowerCase()}-${l + 1}`,
        LAG_MEMBERS,
      );
      // Placed as the connections are; its members terminate where it does.
      const where = nextPlacement(location);
      Object.assign(lag, where);
      for (const c of Object.values(state.connections))
        if (c.lagId === lag.lagId) Object.assign(c, where);
      addParent(lag);
    }
  }

  /** The least loaded of network's connections and LAGs on a device (or anywhere at the location). */
  const parentAt = (location: string, device: string): Parent => {
    let list = cells.get(cellKey(location, device));
    if (!list?.length)
      list = [...cells.entries()]
        .filter(([key]) => key.startsWith(`${location}/`))
        .flatMap(([, l]) => l);
    let best = list[0]!;
    for (const p of list) if (p.vifs < best.vifs) best = p;
    return best;
  };

  /** The (location, device) cells a gateway of a model draws its paths from. */
  const cellsFor = (design: Design, region: (typeof XL_REGIONS)[number]) => {
    const locations = [...LOCATIONS[region]].sort(() => random.next() - 0.5);
    const devices = (location: string, n: number) =>
      [...devicePool(location)]
        .sort(() => random.next() - 0.5)
        .slice(0, n)
        .map((d) => ({ location, device: d.awsDevice }));
    switch (design) {
      case "maximum":
        return [...devices(locations[0]!, 2), ...devices(locations[1]!, 2)];
      case "high":
        return [...devices(locations[0]!, 1), ...devices(locations[1]!, 1)];
      case "development":
        return devices(locations[0]!, 2);
      case "single":
        return devices(locations[0]!, 1);
    }
  };

  // Link-local /30s per region, public /30s from 198.18.0.0/15 (each interface its own).
  const nextLinkLocal = linkLocalAllocator();
  let publicBlock = 0;
  const nextPublic = () => {
    const n = publicBlock++;
    const base = `198.${18 + Math.floor(n / 16384)}.${Math.floor(n / 64) % 256}`;
    const fourth = (n % 64) * 4;
    return [`${base}.${fourth + 1}/30`, `${base}.${fourth + 2}/30`] as const;
  };

  let made = 0;
  const names = new Map<string, number>();
  const nameFor = (owner: string, type: VifType) => {
    const key = `${owner}-${type}`;
    const n = (names.get(key) ?? 0) + 1;
    names.set(key, n);
    return `${key}-${n}`;
  };
  /** One interface on `parent`, with its two peers, owned by `owner`. */
  const vif = (
    parent: Parent | ConnectionRecord,
    type: VifType,
    owner: { accountId: string; name: string; asn: number },
    attach: { directConnectGatewayId?: string; amazonSideAsn?: number; virtualGatewayId?: string },
    options: { confirming?: boolean; vlan?: number } = {},
  ) => {
    const record = "record" in parent ? parent.record : parent;
    const vlan = options.vlan ?? 100 + ("record" in parent ? parent.vifs : 0);
    if ("record" in parent) parent.vifs += 1;
    const [amazon, customer] = type === "public" ? nextPublic() : nextLinkLocal(record.region);
    const peers = [
      b.peer("ipv4", owner.asn, record.region, amazon, customer),
      b.peer("ipv6", owner.asn, record.region),
    ];
    if (options.confirming) for (const p of peers) p.state = "pending";
    else if (chance(DOWN_SHARE)) for (const p of peers) p.sessionDown = true;
    else if (chance(ONE_PEER_DOWN_SHARE)) peers[1]!.sessionDown = true;
    made += 1;
    return b.vif(record, type, nameFor(owner.name, type), vlan, {
      ownerAccount: owner.accountId,
      peers,
      ...(options.confirming ? { state: "confirming" as const } : {}),
      ...(type === "public"
        ? {
            amazonSideAsn: record.region === "us-east-1" ? 7224 : 16509,
            routeFilterPrefixes: [`198.51.100.${(made % 32) * 8}/29`],
          }
        : {}),
      ...(type === "transit" ? { mtu: 8500 } : {}),
      ...(options.confirming ? {} : attach),
    });
  };

  const gatewayAsn = new Map<string, number>();
  const gatewayOf = (owner: { accountId: string; name: string }, kind: "private" | "transit") => {
    const n = (gatewayAsn.get(owner.accountId) ?? 0) + 1;
    gatewayAsn.set(owner.accountId, n);
    return b.gateway(
      owner.accountId,
      `${owner.name}-${kind === "transit" ? "transit-dxgw" : "dxgw"}-${n}`,
      64512 + ((n - 1) % 1000),
    );
  };
  const tgw = () => `tgw-0${b.ids.uuid().replace(/-/g, "").slice(0, 16)}`;
  /** Private gateways with room (at most 30 interfaces each): hosted connections' interfaces join them. */
  const roomy = new Map<string, { gateway: GatewayRecord; used: number }[]>();

  /**
   * A target of `owner`'s built to a model: a Direct Connect gateway (private or transit) or a
   * virtual private gateway with `n` interfaces on network's connections in one region.
   */
  const target = (
    owner: { accountId: string; name: string; asn: number },
    kind: "private" | "transit" | "vgw",
    n: number,
  ) => {
    const region = pick(XL_REGIONS);
    const design = weighted(DESIGNS);
    const where = cellsFor(design, region);
    let attach: {
      directConnectGatewayId?: string;
      amazonSideAsn?: number;
      virtualGatewayId?: string;
    };
    if (kind === "vgw") {
      attach = { virtualGatewayId: b.vgw(owner.accountId, region) };
    } else {
      const gateway = gatewayOf(owner, kind);
      attach = {
        directConnectGatewayId: gateway.directConnectGatewayId,
        amazonSideAsn: gateway.amazonSideAsn,
      };
      if (kind === "transit") b.associate(gateway, tgw(), owner.accountId, region);
      else {
        b.associate(gateway, b.vgw(owner.accountId, region), owner.accountId, region);
        const list = roomy.get(owner.accountId) ?? [];
        list.push({ gateway, used: n });
        roomy.set(owner.accountId, list);
      }
    }
    for (let i = 0; i < n; i += 1) {
      const cell = where[i % where.length]!;
      vif(
        parentAt(cell.location, cell.device),
        kind === "transit" ? "transit" : "private",
        owner,
        attach,
      );
    }
  };
  /** `budget` interfaces of `owner`'s in targets of 1 to 30, and between them one confirming now and then (on any connection). */
  const spend = (
    owner: Member | { accountId: string; name: string; asn: number },
    budget: number,
  ) => {
    let left = budget;
    while (left > 0) {
      if (owner.accountId !== network && chance(CONFIRMING_SHARE)) {
        const region = pick(XL_REGIONS);
        const location = pick(LOCATIONS[region]);
        const parent = parentAt(location, pick(devicePool(location)).awsDevice);
        vif(parent, chance(0.75) ? "private" : "transit", owner, {}, { confirming: true });
        left -= 1;
        continue;
      }
      const kind = weighted<"private" | "transit" | "vgw">([
        ["private", 0.5],
        ["transit", 0.2],
        ["vgw", 0.3],
      ]);
      const n = Math.min(left, kind === "vgw" ? between(1, 6) : between(2, 30));
      target(owner, kind, n);
      left -= n;
    }
  };

  // network's own: public interfaces, and its gateways' interfaces.
  const networkOwner = { accountId: network, name: management.alias, asn: 65000 };
  for (let i = 0; i < NETWORK_PUBLIC; i += 1) {
    const region = XL_REGIONS[i % XL_REGIONS.length]!;
    const location = pick(LOCATIONS[region]);
    vif(parentAt(location, pick(devicePool(location)).awsDevice), "public", networkOwner, {});
  }
  spend(networkOwner, NETWORK_OWN - NETWORK_PUBLIC);

  // The members' allocated interfaces, by weight of their environment (each at least a few).
  const allocated = XL_INTERFACES - hostedVifs - NETWORK_OWN;
  const totalWeight = members.reduce((sum, m) => sum + WEIGHT[m.environment], 0);
  const budgets = members.map((m) =>
    Math.max(5, Math.floor((allocated * WEIGHT[m.environment]) / totalWeight)),
  );
  let short = allocated - budgets.reduce((sum, n) => sum + n, 0);
  for (let i = 0; short !== 0; i = (i + 1) % budgets.length) {
    if (short < 0 && budgets[i]! <= 5) continue;
    budgets[i]! += Math.sign(short);
    short -= Math.sign(short);
  }
  members.forEach((m, i) => spend(m, budgets[i]!));

  // Partners' hosted connections in members' accounts: one interface each, on one of the member's
  // private gateways with room, or on a virtual private gateway of its own; a few still ordering.
  for (let h = 0; h < HOSTED; h += 1) {
    const member = members[(h * 37) % members.length]!;
    const region = pick(XL_REGIONS);
    const location = pick(LOCATIONS[region]);
    const partner = pick(["Megaport", "Equinix", "Zayo", "PacketFabric"]);
    const ordering = h >= HOSTED - HOSTED_ORDERING;
    const vlan = 1000 + h;
    const connection = b.connection(
      member.accountId,
      region,
      location,
      `hosted-${location.toLowerCase()}-${partner.toLowerCase()}-${h + 1}`,
      {
        hosted: true,
        bandwidth: pick(["50Mbps", "200Mbps", "500Mbps", "1Gbps", "2Gbps", "5Gbps"]),
        vlan,
        partnerName: partner,
        providerName: partner,
        jumboFrameCapable: false,
        ...(ordering ? { state: "ordering" as const } : {}),
      },
    );
    if (ordering) continue;
    const room = roomy.get(member.accountId)?.find((g) => g.used < 30);
    let attach;
    if (room) {
      room.used += 1;
      attach = {
        directConnectGatewayId: room.gateway.directConnectGatewayId,
        amazonSideAsn: room.gateway.amazonSideAsn,
      };
    } else attach = { virtualGatewayId: b.vgw(member.accountId, region) };
    vif(connection, "private", member, attach, { vlan });
  }
  if (made !== XL_INTERFACES) throw new Error(`XL made ${made} interfaces, not ${XL_INTERFACES}`);
  return state;
}
