/**
 * DescribeRouterConfiguration through the real SDK: for each router type AWS documents, the
 * configuration in that router's syntax names the VLAN, both addresses of every BGP peer (IPv4 and
 * IPv6), the customer's and Amazon's ASNs and every auth key, and `router` names the type as AWS
 * does. An unlisted but well-formed identifier gets a generic configuration; a malformed one is
 * refused. DescribeVirtualInterfaces keeps its own customerRouterConfig (XML).
 */
import {
  DescribeRouterConfigurationCommand,
  type DescribeRouterConfigurationCommandOutput,
  type DirectConnectClient,
  type VirtualInterface,
} from "@aws-sdk/client-direct-connect";
import ipaddr from "ipaddr.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ROUTER_TYPE, ROUTER_TYPES } from "@/lib/dx/router-types";
import { refusal, startHarness, vifNamed, type Harness } from "./harness";

let h: Harness;
let network: DirectConnectClient;

beforeAll(async () => {
  h = await startHarness();
  network = h.client("network");
});
afterAll(() => h.close());

/** How each syntax sets the interface's VLAN, by the XSLT template AWS applies. */
const VLAN_LINE: Record<string, (vlan: number) => string> = {
  "customer-router-cisco-generic.xslt": (vlan) => `encapsulation dot1Q ${vlan}`,
  "customer-switch-cisco-nexus-generic.xslt": (vlan) => `interface Vlan${vlan}`,
  "customer-router-juniper-generic.xslt": (vlan) => `vlan-id ${vlan};`,
  "customer-router-palo-alto-generic.xslt": (vlan) => ` tag ${vlan}`,
  "customer-router-generic.xslt": (vlan) => `VLAN: ${vlan}`,
};

/** `token` stands alone in `text` (169.254.250.1 is not found in 169.254.250.13). */
const names = (text: string, token: string) =>
  new RegExp(`(?<![\\w.:])${token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w.:])`).test(text);

const configure = (vif: VirtualInterface, routerTypeIdentifier?: string) =>
  network.send(
    new DescribeRouterConfigurationCommand({
      virtualInterfaceId: vif.virtualInterfaceId,
      ...(routerTypeIdentifier ? { routerTypeIdentifier } : {}),
    }),
  );

/** The configuration names everything a router needs for every peer of `vif`. */
function expectComplete(out: DescribeRouterConfigurationCommandOutput, vif: VirtualInterface) {
  const text = out.customerRouterConfig!;
  expect(out.virtualInterfaceId).toBe(vif.virtualInterfaceId);
  expect(out.virtualInterfaceName).toBe(vif.virtualInterfaceName);
  expect(text).toContain(VLAN_LINE[out.router!.xsltTemplateName!]!(vif.vlan!));
  expect(names(text, String(vif.amazonSideAsn)), "Amazon's ASN").toBe(true);
  expect(vif.bgpPeers!.length).toBeGreaterThan(0);
  for (const peer of vif.bgpPeers!) {
    for (const address of [peer.amazonAddress!, peer.customerAddress!])
      expect(names(text, address.split("/")[0]!), `${peer.addressFamily} ${address}`).toBe(true);
    expect(names(text, String(peer.asnLong)), "the customer's ASN").toBe(true);
    expect(names(text, peer.authKey!), "the BGP auth key").toBe(true);
  }
}

describe("DescribeRouterConfiguration", () => {
  it.each(ROUTER_TYPES.map((t) => [t.routerTypeIdentifier, t] as const))(
    "%s: the router as AWS names it, and a configuration with the VLAN, both addresses of IPv4 and IPv6 peers, both ASNs and the keys",
    async (identifier, type) => {
      const vif = await vifNamed(network, "prod-private");
      expect(vif.bgpPeers!.map((p) => p.addressFamily)).toEqual(["ipv4", "ipv6"]);
      const out = await configure(vif, identifier);
      expect(out.router).toEqual(type);
      expectComplete(out, vif);
    },
  );

  it.each(ROUTER_TYPES.map((t) => [t.routerTypeIdentifier] as const))(
    "%s: a public interface's configuration announces its prefixes",
    async (identifier) => {
      const vif = await vifNamed(network, "public-internet");
      const out = await configure(vif, identifier);
      expectComplete(out, vif);
      const [prefix] = vif.routeFilterPrefixes!;
      const [address, length] = prefix!.cidr!.split("/");
      // Cisco IOS writes the mask; the others the CIDR.
      const mask = ipaddr.IPv4.subnetMaskFromPrefixLength(Number(length)).toString();
      expect(
        out.customerRouterConfig!.includes(prefix!.cidr!) ||
          out.customerRouterConfig!.includes(`network ${address} mask ${mask}`),
      ).toBe(true);
    },
  );

  it("configures the default router type (Cisco 2900, IOS) when none is named", async () => {
    const vif = await vifNamed(network, "transit-core");
    const out = await configure(vif);
    expect(out.router?.routerTypeIdentifier).toBe(DEFAULT_ROUTER_TYPE);
    expect(out.customerRouterConfig).toContain("router bgp ");
    expectComplete(out, vif);
  });

  it("gives a generic configuration for a well-formed identifier it does not list", async () => {
    const vif = await vifNamed(network, "prod-private");
    const out = await configure(vif, "AristaNetworks-7000Series-EOS4");
    expect(out.router).toEqual({
      routerTypeIdentifier: "AristaNetworks-7000Series-EOS4",
      vendor: "Generic",
      platform: "Generic",
      software: "Generic",
      xsltTemplateName: "customer-router-generic.xslt",
    });
    expectComplete(out, vif);
  });

  it("refuses a malformed identifier and an interface the caller cannot see", async () => {
    const vif = await vifNamed(network, "prod-private");
    expect(await refusal(configure(vif, "cisco ios"))).toMatchObject({
      name: "DirectConnectClientException",
      status: 400,
      message: "Router type identifier cisco ios has an invalid format.",
    });
    const theirs = h.client("workload");
    expect(
      await refusal(
        theirs.send(
          new DescribeRouterConfigurationCommand({ virtualInterfaceId: vif.virtualInterfaceId }),
        ),
      ),
    ).toMatchObject({ message: `${vif.virtualInterfaceId} does not exist` });
  });

  it("leaves DescribeVirtualInterfaces' customerRouterConfig as it was: XML with every peer", async () => {
    const vif = await vifNamed(network, "prod-private");
    expect(vif.customerRouterConfig).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>/);
    expect(vif.customerRouterConfig).toContain(`<vlan>${vif.vlan}</vlan>`);
    expect(vif.customerRouterConfig).toContain("<ipv6_amazon_address>");
  });
});
