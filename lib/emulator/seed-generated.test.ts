import { describe, expect, it } from "vitest";

import { hasKeys } from "./context";
import { devicePool } from "./devices";
import { DEFAULT_ACCOUNTS } from "./emulator";
import { READ_ROLE_NAME } from "./organization";
import { seedState } from "./seed";
import { SCALE_ACCOUNTS, SIZES } from "./seed-generated";
import { memberAccountIds } from "./seed-organization";
import { XL_MEMBERS } from "./seed-xl";
import type { EmulatorState } from "./state";

const accounts = [...DEFAULT_ACCOUNTS, ...SCALE_ACCOUNTS];
const NOW = Date.UTC(2026, 10, 27);
// Each estate is made once here (XL takes a second or two): the tests only read them.
const made = new Map<string, EmulatorState>();
const estate = (seed: string) => {
  let s = made.get(seed);
  if (!s) made.set(seed, (s = seedState(seed, accounts, NOW, 3000)));
  return s;
};
const count = (seed: string) => {
  const s = estate(seed);
  const vifs = Object.values(s.virtualInterfaces);
  return {
    state: s,
    connections: Object.keys(s.connections).length,
    interfaces: vifs.length,
    peers: vifs.reduce((n, v) => n + v.peers.length, 0),
    regions: new Set(vifs.map((v) => v.region)).size,
    accounts: new Set(vifs.map((v) => v.ownerAccount)).size,
  };
};

describe("generated estates", () => {
  it.each(Object.entries(SIZES))("%s has the documented size", (size, spec) => {
    const c = count(size);
    expect(c.connections).toBe(spec.connections);
    expect(c.interfaces).toBe(spec.interfaces);
    expect(c.peers).toBe(spec.interfaces * 2);
    expect(c.regions).toBe(spec.regions.length);
    expect(c.accounts).toBe(spec.accounts);
  });

  it.each(["default", ...Object.keys(SIZES)])(
    "%s: every Direct Connect gateway serves private interfaces and virtual private gateways, or transit interfaces and transit gateways, not both",
    (seed) => {
      const { state } = count(seed);
      const kinds = new Map<string, Set<string>>();
      const serves = (gatewayId: string, kind: string) =>
        kinds.set(gatewayId, (kinds.get(gatewayId) ?? new Set()).add(kind));
      for (const v of Object.values(state.virtualInterfaces)) {
        if (!v.directConnectGatewayId) continue;
        expect(state.gateways[v.directConnectGatewayId]).toBeDefined();
        serves(v.directConnectGatewayId, v.virtualInterfaceType);
      }
      for (const a of Object.values(state.associations))
        serves(
          a.directConnectGatewayId,
          a.gatewayType === "transitGateway" ? "transit" : "private",
        );
      const mixed = [...kinds]
        .filter(([, served]) => served.size > 1)
        .map(([id]) => state.gateways[id]!.directConnectGatewayName);
      expect(mixed).toEqual([]);
      // Both kinds are there, on different gateways.
      expect(new Set([...kinds.values()].flatMap((served) => [...served]))).toEqual(
        new Set(["private", "transit"]),
      );
    },
  );

  it("is the same for the same seed number and differs for another", () => {
    expect(JSON.stringify(count("M:3").state)).toBe(
      JSON.stringify(seedState("M:3", accounts, NOW, 3000)),
    );
    expect(Object.keys(count("M:3").state.virtualInterfaces)).not.toEqual(
      Object.keys(count("M:4").state.virtualInterfaces),
    );
  });

  it("keeps the service's rules: unique VLANs per connection, at most 30 interfaces per gateway, unique /30s", () => {
    const { state } = count("L");
    const vifs = Object.values(state.virtualInterfaces);
    const vlans = new Set(vifs.map((v) => `${v.connectionId}/${v.vlan}`));
    expect(vlans.size).toBe(vifs.length);
    const perGateway = new Map<string, number>();
    for (const v of vifs)
      if (v.directConnectGatewayId)
        perGateway.set(
          v.directConnectGatewayId,
          (perGateway.get(v.directConnectGatewayId) ?? 0) + 1,
        );
    expect(Math.max(...perGateway.values())).toBeLessThanOrEqual(30);
    const linkLocal = vifs.flatMap((v) =>
      v.peers
        .filter((p) => p.amazonAddress.startsWith("169.254."))
        .map((p) => `${v.region}/${p.amazonAddress}`),
    );
    expect(new Set(linkLocal).size).toBe(linkLocal.length);
    expect(vifs.some((v) => v.state === "confirming")).toBe(true);
  });
});

describe("XL: an organization of 200 accounts", () => {
  const state = () => estate("XL");
  const network = DEFAULT_ACCOUNTS[0]!.accountId;

  it("is the same for the same seed number, and XL:2 has other members", () => {
    const again = seedState("XL", accounts, NOW, 3000);
    expect(JSON.stringify(again)).toBe(JSON.stringify(state()));
    const known = accounts.map((a) => a.accountId);
    expect(memberAccountIds("XL:2", XL_MEMBERS, known)).not.toEqual(
      memberAccountIds("XL", XL_MEMBERS, known),
    );
  });

  it("has network as management account and 199 members reached only through their dxmap-read role", () => {
    const organization = state().organization!;
    expect(organization.managementAccountId).toBe(network);
    const members = Object.keys(organization.accounts).filter((id) => id !== network);
    expect(members).toHaveLength(XL_MEMBERS);
    const keyed = new Set(accounts.filter(hasKeys).map((a) => a.accountId));
    for (const id of members) {
      // No keys: the emulator knows no key of theirs, only their role, trusting network alone.
      expect(keyed.has(id)).toBe(false);
      const roles = Object.values(state().roles).filter((r) => r.accountId === id);
      expect(roles).toEqual([
        expect.objectContaining({ roleName: READ_ROLE_NAME, trust: [network] }),
      ]);
      expect(roles[0]!.externalId).toBeUndefined();
    }
    // Spread over several units, a unit under another among them.
    const units = Object.values(organization.units);
    expect(units.length).toBeGreaterThanOrEqual(4);
    expect(units.some((u) => u.parentId !== organization.rootId)).toBe(true);
    expect(new Set(members.map((id) => organization.accounts[id]!.parentId)).size).toBe(
      units.length,
    );
  });

  it("follows the network-account pattern: network owns the dedicated connections and LAGs, members their hosted connections and gateways", () => {
    const s = state();
    const connections = Object.values(s.connections);
    const foreign = connections.filter((c) => c.ownerAccount !== network);
    expect(foreign.every((c) => c.hosted)).toBe(true);
    expect(foreign.length).toBeGreaterThan(0);
    expect(foreign.length).toBeLessThan(connections.length / 5);
    expect(Object.values(s.lags).every((l) => l.ownerAccount === network)).toBe(true);
    expect(connections.some((c) => c.lagId)).toBe(true);
    expect(connections.some((c) => c.state === "ordering")).toBe(true);
    const vifs = Object.values(s.virtualInterfaces);
    // Most interfaces are allocated to members from network's connections; each member has some.
    const allocated = vifs.filter(
      (v) => v.connectionOwner === network && v.ownerAccount !== network,
    );
    expect(allocated.length).toBeGreaterThan(vifs.length / 2);
    expect(new Set(vifs.map((v) => v.ownerAccount)).size).toBe(XL_MEMBERS + 1);
    const confirming = vifs.filter((v) => v.state === "confirming");
    expect(confirming.length).toBeGreaterThan(100);
    expect(
      confirming.every(
        (v) => v.ownerAccount !== network && v.peers.every((p) => p.state === "pending"),
      ),
    ).toBe(true);
    // An interface's gateway is its owner's.
    for (const v of vifs) {
      if (v.directConnectGatewayId)
        expect(s.gateways[v.directConnectGatewayId]!.ownerAccount).toBe(v.ownerAccount);
      if (v.virtualGatewayId)
        expect(s.virtualGateways[v.virtualGatewayId]!.ownerAccount).toBe(v.ownerAccount);
    }
    // Some sessions down, not many.
    const down = vifs.filter((v) => v.state === "available" && v.peers.every((p) => p.sessionDown));
    expect(down.length / vifs.length).toBeGreaterThan(0.01);
    expect(down.length / vifs.length).toBeLessThan(0.06);
  });

  it("keeps the service's rules: unique VLANs per connection, at most 30 interfaces per gateway, one hosted interface per hosted connection", () => {
    const s = state();
    const vifs = Object.values(s.virtualInterfaces);
    expect(new Set(vifs.map((v) => `${v.connectionId}/${v.vlan}`)).size).toBe(vifs.length);
    const perGateway = new Map<string, number>();
    for (const v of vifs)
      if (v.directConnectGatewayId)
        perGateway.set(
          v.directConnectGatewayId,
          (perGateway.get(v.directConnectGatewayId) ?? 0) + 1,
        );
    expect(Math.max(...perGateway.values())).toBeLessThanOrEqual(30);
    for (const c of Object.values(s.connections).filter((c) => c.hosted)) {
      const on = vifs.filter((v) => v.connectionId === c.connectionId);
      expect(on.length).toBe(c.state === "ordering" ? 0 : 1);
      if (on[0]) expect(on[0].vlan).toBe(c.vlan);
    }
    const addresses = vifs.flatMap((v) =>
      v.peers
        .filter((p) => p.addressFamily === "ipv4")
        .map((p) => `${v.region}/${p.amazonAddress}`),
    );
    expect(new Set(addresses).size).toBe(addresses.length);
    // Every connection and LAG lands on a device of its location's pool.
    for (const c of [...Object.values(s.connections), ...Object.values(s.lags)])
      expect(devicePool(c.location).map((d) => d.awsDevice)).toContain(c.awsDevice);
  });

  it("has Direct Connect gateways at every resilience model", () => {
    const s = state();
    const paths = new Map<string, Map<string, Set<string>>>();
    for (const v of Object.values(s.virtualInterfaces)) {
      if (!v.directConnectGatewayId) continue;
      const parent = s.connections[v.connectionId] ?? s.lags[v.connectionId]!;
      const sites = paths.get(v.directConnectGatewayId) ?? new Map<string, Set<string>>();
      const at = `${v.region}/${parent.location}`;
      sites.set(at, (sites.get(at) ?? new Set()).add(parent.awsDevice));
      paths.set(v.directConnectGatewayId, sites);
    }
    // The Resiliency Toolkit's models, as lib/resilience reads them.
    const models = new Map<string, number>();
    for (const sites of paths.values()) {
      const devices = [...sites.values()];
      const model =
        sites.size >= 2
          ? devices.filter((d) => d.size >= 2).length >= 2
            ? "maximum"
            : "high"
          : devices[0]!.size >= 2
            ? "development"
            : "single";
      models.set(model, (models.get(model) ?? 0) + 1);
    }
    for (const model of ["maximum", "high", "development", "single"])
      expect(models.get(model) ?? 0).toBeGreaterThan(paths.size / 20);
  });
});
