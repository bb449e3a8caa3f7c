import { describe, expect, it } from "vitest";

import { seedState } from "./seed";
import { SCALE_ACCOUNTS, SIZES } from "./seed-generated";
import { DEFAULT_ACCOUNTS } from "./emulator";

const accounts = [...DEFAULT_ACCOUNTS, ...SCALE_ACCOUNTS];
const count = (seed: string) => {
  const s = seedState(seed, accounts, Date.UTC(2026, 10, 27), 3000);
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
    expect(JSON.stringify(count("M:3").state)).toBe(JSON.stringify(count("M:3").state));
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
