/**
 * Seed scenarios for a fresh state. `default` is a believable estate in us-east-1 and eu-west-1:
 * `network` owns the connections (two dedicated at different locations, a LAG with members, a hosted
 * connection from a partner, and in us-east-1 a second one it has yet to accept) and allocates
 * interfaces to `workload`, which owns gateways.
 * Interfaces come in varied states: available, BGP down, confirming (allocated to workload and
 * awaiting its approval), pending (moving on with the clock), dual-stack. Last come Direct Connect
 * gateways at each resilience model (maximum, high, development, the single-device trap, and a high
 * one degraded by a BGP session down). Ids are reproducible: the same scenario gives the same ids
 * every time. `empty` has nothing. Every seed but `empty` has an organization, managed by `network`,
 * with the role `dxmap-read` in each account (seed-organization.ts); `ORG:<n>` is an organization
 * of n member accounts reached through that role, `XL` one of 200 accounts with 20,000 interfaces
 * (seed-xl.ts).
 */
import type { Account } from "./context";
import { poolDevice } from "./devices";
import { Builder } from "./seed-builder";
import { generatedEstate, parseSizedSeed } from "./seed-generated";
import {
  addSeedOrganization,
  organizationEstate,
  parseOrganizationSeed,
} from "./seed-organization";
import { parseXlSeed, xlEstate } from "./seed-xl";
import { emptyState, type ConnectionRecord, type EmulatorState } from "./state";

export const SEEDS = ["default", "empty", "S", "M", "L", "XL", "ORG:<n>"] as const;

export const isKnownSeed = (seed: string) =>
  seed === "default" ||
  seed === "empty" ||
  parseSizedSeed(seed) !== undefined ||
  parseOrganizationSeed(seed) !== undefined;

const REGION_PLAN = [
  { region: "us-east-1", locations: ["EqDC2", "CSVA1"], octet: 250, publicNet: "203.0.113" },
  { region: "eu-west-1", locations: ["EirDB1", "TCDUB"], octet: 240, publicNet: "198.51.100" },
] as const;

/** The default estate. `transitionMs` times the one interface that is still pending at start. */
function defaultEstate(
  accounts: readonly Account[],
  now: number,
  transitionMs: number,
): EmulatorState {
  const network = accounts.find((a) => a.alias === "network")?.accountId ?? "111111111111";
  const workload = accounts.find((a) => a.alias === "workload")?.accountId ?? "222222222222";
  const b = new Builder("default", now);
  const workloadGw = b.gateway(workload, "workload-dxgw", 64512);
  const workloadTransitGw = b.gateway(workload, "workload-transit-dxgw", 64520);
  const coreGw = b.gateway(network, "network-core-dxgw", 64513);
  const transitGw = b.gateway(network, "network-transit-dxgw", 64514);
  b.associate(
    transitGw,
    `tgw-0${b.ids.uuid().replace(/-/g, "").slice(0, 16)}`,
    network,
    "us-east-1",
  );
  b.associate(
    workloadTransitGw,
    `tgw-0${b.ids.uuid().replace(/-/g, "").slice(0, 16)}`,
    workload,
    "us-east-1",
  );

  for (const [i, plan] of REGION_PLAN.entries()) {
    const { region, locations, octet, publicNet } = plan;
    const [loc1, loc2] = locations;
    const ll = (third: number, n: number) =>
      [`169.254.${third}.${n * 4 + 1}/30`, `169.254.${third}.${n * 4 + 2}/30`] as const;
    const networkVgw = b.vgw(network, region, 64512);
    const workloadVgw = b.vgw(workload, region, 64512);
    b.vgw(workload, region, 65010);
    b.associate(workloadGw, workloadVgw, workload, region);
    b.associate(coreGw, networkVgw, network, region);

    const primary = b.connection(network, region, loc1, `dx-${loc1.toLowerCase()}-primary`);
    const secondary = b.connection(network, region, loc2, `dx-${loc2.toLowerCase()}-secondary`, {
      bandwidth: "1Gbps",
    });
    const lag = b.lag(network, region, loc1, `lag-${loc1.toLowerCase()}`, 2);
    const hosted = b.connection(network, region, loc2, `hosted-${loc2.toLowerCase()}-megaport`, {
      hosted: true,
      bandwidth: "500Mbps",
      vlan: 300 + i,
      partnerName: "Megaport",
      providerName: "Megaport",
      jumboFrameCapable: false,
    });

    const [a1, c1] = ll(octet, 0);
    b.vif(primary, "private", "prod-private", 101, {
      virtualGatewayId: networkVgw,
      // Dual-stack: an IPv4 and an IPv6 peer.
      peers: [b.peer("ipv4", 65001, region, a1, c1), b.peer("ipv6", 65001, region)],
      mtu: 9001,
    });
    b.vif(primary, "public", "public-internet", 201, {
      amazonSideAsn: region === "us-east-1" ? 7224 : 16509,
      routeFilterPrefixes: [`${publicNet}.0/26`],
      peers: [b.peer("ipv4", 65002, region, `${publicNet}.129/30`, `${publicNet}.130/30`)],
    });
    const [a2, c2] = ll(octet, 1);
    b.vif(primary, "transit", "transit-core", 301, {
      directConnectGatewayId: transitGw.directConnectGatewayId,
      amazonSideAsn: transitGw.amazonSideAsn,
      mtu: 8500,
      peers: [b.peer("ipv4", 65003, region, a2, c2)],
    });
    const [a3, c3] = ll(octet, 2);
    const down = b.peer("ipv4", 65004, region, a3, c3);
    down.sessionDown = true; // the BGP session is down: the interface reads "down"
    b.vif(secondary, "private", "backup-private", 102, {
      directConnectGatewayId: coreGw.directConnectGatewayId,
      amazonSideAsn: coreGw.amazonSideAsn,
      peers: [down],
    });
    const [a4, c4] = ll(octet, 3);
    b.vif(secondary, "private", "workload-app", 410, {
      // Allocated by network to workload, still awaiting workload's approval.
      ownerAccount: workload,
      state: "confirming",
      peers: [{ ...b.peer("ipv4", 65100, region, a4, c4), state: "pending" }],
    });
    const [a5, c5] = ll(octet, 4);
    b.vif(lag, "private", "lag-private", 120, {
      virtualGatewayId: networkVgw,
      peers: [b.peer("ipv4", 65005, region, a5, c5)],
    });
    const [a6, c6] = ll(octet, 5);
    b.vif(lag, "private", "workload-shared", 411, {
      ownerAccount: workload,
      directConnectGatewayId: workloadGw.directConnectGatewayId,
      peers: [b.peer("ipv4", 65101, region, a6, c6), b.peer("ipv6", 65101, region)],
    });
    const [a7, c7] = ll(octet, 6);
    if (region === "us-east-1") {
      b.vif(lag, "transit", "workload-transit", 421, {
        ownerAccount: workload,
        state: "confirming",
        peers: [{ ...b.peer("ipv4", 65102, region, a7, c7), state: "pending" }],
      });
    }
    const [a8, c8] = ll(octet, 7);
    const pendingPeer = {
      ...b.peer("ipv4", 65006, region, a8, c8),
      state: "pending" as const,
      steps: [{ to: "available" as const, at: now + transitionMs }],
    };
    b.vif(hosted, "private", "hosted-private", hosted.vlan!, {
      virtualGatewayId: networkVgw,
      // Still provisioning at start: it becomes available one transition later.
      state: "pending",
      steps: [{ to: "available", at: now + transitionMs }],
      peers: [pendingPeer],
    });
  }
  // A partner's new hosted connection that network has not accepted yet (ConfirmConnection). Made
  // last, so that every id above stays as it was before it.
  b.connection(network, "us-east-1", "CSVA1", "hosted-csva1-equinix", {
    hosted: true,
    bandwidth: "200Mbps",
    vlan: 330,
    partnerName: "Equinix",
    providerName: "Equinix",
    jumboFrameCapable: false,
    state: "ordering",
  });
  resilienceTargets(b, network, workload);
  return b.state;
}

/**
 * One target at each resilience model (AWS's Resiliency Toolkit's, and the single-device trap), in
 * us-east-1 on connections placed on chosen devices of EqDC2's and EqNY5's pools. Made after
 * everything above, so that every id above stays as it was.
 */
function resilienceTargets(b: Builder, network: string, workload: string) {
  const region = "us-east-1";
  // At EqDC2 named to sort after the connections above, and at EqNY5 (after CSVA1 and EqDC2): the map
  // orders connections by location and name, and its first view stays the estate's own.
  const on = (location: string, device: number, name: string) =>
    b.connection(network, region, location, name, poolDevice(location, device));
  const eqdc2A = on("EqDC2", 0, "resilient-eqdc2-a");
  const eqdc2B = on("EqDC2", 1, "resilient-eqdc2-b");
  const eqny5A = on("EqNY5", 0, "resilient-eqny5-a");
  const eqny5B = on("EqNY5", 1, "resilient-eqny5-b");
  // Two connections on one device: one failure domain however many connections it looks like.
  const trapA = on("EqDC2", 1, "trap-eqdc2-a");
  const trapB = on("EqDC2", 1, "trap-eqdc2-b");

  let block = 0;
  /** Private interfaces to a new Direct Connect gateway of `owner`, one per connection, all up. */
  const target = (
    owner: string,
    name: string,
    amazonSideAsn: number,
    asn: number,
    vlan: number,
    paths: [ConnectionRecord, string][],
  ) => {
    const gateway = b.gateway(owner, name, amazonSideAsn);
    return paths.map(([connection, vifName]) => {
      const n = block++;
      return b.vif(connection, "private", vifName, vlan, {
        ownerAccount: owner,
        directConnectGatewayId: gateway.directConnectGatewayId,
        amazonSideAsn,
        peers: [
          b.peer("ipv4", asn, region, `169.254.251.${n * 4 + 1}/30`, `169.254.251.${n * 4 + 2}/30`),
        ],
      });
    });
  };
  // Maximum: two locations, each with two connections on distinct devices.
  target(network, "resilience-max-dxgw", 64521, 65010, 510, [
    [eqdc2A, "resilience-max-eqdc2-a"],
    [eqdc2B, "resilience-max-eqdc2-b"],
    [eqny5A, "resilience-max-eqny5-a"],
    [eqny5B, "resilience-max-eqny5-b"],
  ]);
  // High: one connection at each of two locations (workload's, allocated by network).
  target(workload, "resilience-high-dxgw", 64522, 65011, 520, [
    [eqdc2A, "resilience-high-eqdc2"],
    [eqny5A, "resilience-high-eqny5"],
  ]);
  // Development and test: two connections on distinct devices in one location.
  target(network, "dev-test-dxgw", 64523, 65012, 530, [
    [eqdc2A, "dev-test-eqdc2-a"],
    [eqdc2B, "dev-test-eqdc2-b"],
  ]);
  // The single-device trap: two connections, one device.
  target(network, "trap-dxgw", 64524, 65013, 540, [
    [trapA, "trap-private-a"],
    [trapB, "trap-private-b"],
  ]);
  // High by design, degraded: the EqNY5 path's BGP session is down.
  const [, down] = target(workload, "degraded-dxgw", 64525, 65014, 550, [
    [eqdc2B, "degraded-eqdc2"],
    [eqny5B, "degraded-eqny5"],
  ]);
  down!.peers[0]!.sessionDown = true;
}

export function seedState(
  seed: string,
  accounts: readonly Account[],
  now: number,
  transitionMs: number,
): EmulatorState {
  let state: EmulatorState;
  if (seed === "empty") return emptyState("empty");
  if (parseOrganizationSeed(seed)) return organizationEstate(seed, accounts, now);
  // XL is an organization of its own (seed-xl.ts).
  if (parseXlSeed(seed) !== undefined) return xlEstate(seed, accounts, now);
  if (seed === "default") state = defaultEstate(accounts, now, transitionMs);
  else if (parseSizedSeed(seed)) state = generatedEstate(seed, accounts, now);
  else
    throw new Error(
      `Unknown seed "${seed}". Known seeds: ${SEEDS.join(", ")} (S, M, L and XL take a seed number: M:7; ORG a count of member accounts, 1 to 1000: ORG:25)`,
    );
  // After the estate, and from sources of its own, so that no Direct Connect id moved.
  addSeedOrganization(state, accounts, now);
  return state;
}
