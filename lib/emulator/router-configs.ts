/**
 * DescribeRouterConfiguration's `customerRouterConfig`: the configuration of the customer's router
 * for one virtual interface, in the syntax of the router type asked for, as AWS's console download
 * gives it. Each names the VLAN, both addresses of every BGP peer (IPv4 and IPv6), the customer's and
 * Amazon's ASNs and every peer's BGP auth key (a secret, as in AWS's own). The router types are the
 * ones AWS documents (lib/dx/router-types.ts), answered with the same vendor, platform, software and
 * XSLT template names.
 *
 * Emulator choice (the API Reference does not say what an unlisted identifier gets): an identifier
 * shaped as AWS's are (`Vendor-Platform-Software`, e.g. `AristaNetworks-7000Series-EOS4`) that is not
 * in the list gets a generic configuration (vendor, platform and software "Generic"), since AWS knows
 * router types dxmap does not list; any other text is refused as a malformed identifier. Without an
 * identifier the configuration is for the default router type (Cisco 2900, IOS 12.4+).
 */
import type { RouterType } from "@aws-sdk/client-direct-connect";
import ipaddr from "ipaddr.js";
// The one list of router types AWS documents. It is data and imports nothing, so the emulator still
// imports no dashboard code: it answers with the names the dashboard offers.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { DEFAULT_ROUTER_TYPE, routerTypeById } from "../dx/router-types";
import { ClientError } from "./errors";
import type { PeerRecord, VifRecord } from "./state";

const IDENTIFIER_FORMAT = /^[A-Za-z0-9]+-[A-Za-z0-9]+-[A-Za-z0-9]+$/;

/** The router type an identifier names; refuses a malformed one (DirectConnectClientException). */
export function routerType(
  identifier = DEFAULT_ROUTER_TYPE,
): Required<Omit<RouterType, "xsltTemplateNameForMacSec">> {
  if (!IDENTIFIER_FORMAT.test(identifier))
    throw new ClientError(`Router type identifier ${identifier} has an invalid format.`);
  return (
    routerTypeById(identifier) ?? {
      routerTypeIdentifier: identifier,
      vendor: "Generic",
      platform: "Generic",
      software: "Generic",
      xsltTemplateName: "customer-router-generic.xslt",
    }
  );
}

interface Peer {
  id: string;
  v6: boolean;
  asn: number;
  key: string;
  /** Addresses without their prefix length, and the prefix length. */
  amazon: string;
  customer: string;
  length: number;
  customerCidr: string;
}

const peersOf = (vif: VifRecord): Peer[] =>
  vif.peers
    .filter((p) => p.state !== "deleting" && p.state !== "deleted")
    .map((p: PeerRecord) => {
      const [amazon = "", length = "0"] = p.amazonAddress.split("/");
      return {
        id: p.bgpPeerId,
        v6: p.addressFamily === "ipv6",
        asn: p.asn,
        key: p.authKey,
        amazon,
        customer: p.customerAddress.split("/")[0] ?? "",
        length: Number(length),
        customerCidr: p.customerAddress,
      };
    });

const mask = (length: number) => ipaddr.IPv4.subnetMaskFromPrefixLength(length).toString();

/** The ASN the customer's router runs: its first peer's (another peer's ASN is set on that peer). */
const routerAsn = (peers: Peer[]) => peers[0]?.asn ?? 0;

function header(comment: string, vif: VifRecord, router: ReturnType<typeof routerType>): string[] {
  return [
    "Amazon Web Services",
    "AWS Direct Connect",
    `Virtual interface ${vif.virtualInterfaceId} (${vif.virtualInterfaceName}): ${vif.virtualInterfaceType}, VLAN ${vif.vlan}`,
    router.vendor === "Generic"
      ? `Router: ${router.routerTypeIdentifier} (a generic configuration)`
      : `Router: ${router.vendor} ${router.platform}, ${router.software}`,
    "",
    `Amazon's ASN: ${vif.amazonSideAsn}.`,
    "The BGP authentication keys below are secrets: keep this configuration as you keep passwords.",
    vif.virtualInterfaceType === "public"
      ? "Announce only public prefixes you own; Amazon accepts the ones listed for this interface."
      : "Announce your own prefixes (or a default route) to reach them from AWS.",
  ].map((line) => (line ? `${comment} ${line}` : comment));
}

function ciscoIos(vif: VifRecord, peers: Peer[], head: string[]): string[] {
  const unit = `GigabitEthernet0/1.${vif.vlan}`;
  const asn = routerAsn(peers);
  const families = (v6: boolean) => peers.filter((p) => p.v6 === v6);
  const lines = [
    ...head,
    "!",
    "! Interface: replace GigabitEthernet0/1 with the port connected to AWS Direct Connect.",
    `interface ${unit}`,
    ` description AWS Direct Connect ${vif.virtualInterfaceId}`,
    ` encapsulation dot1Q ${vif.vlan}`,
    ...families(false).map((p) => ` ip address ${p.customer} ${mask(p.length)}`),
    ...families(true).map((p) => ` ipv6 address ${p.customerCidr}`),
    ...(vif.mtu > 1500 ? [` ip mtu ${vif.mtu}`] : []),
    " bfd interval 300 min_rx 300 multiplier 3",
    " no shutdown",
    "!",
    `! BGP: your ASN ${asn}, Amazon's ${vif.amazonSideAsn}.`,
    `router bgp ${asn}`,
  ];
  for (const p of peers) {
    lines.push(
      ` neighbor ${p.amazon} remote-as ${vif.amazonSideAsn}`,
      ` neighbor ${p.amazon} password ${p.key}`,
      ` neighbor ${p.amazon} fall-over bfd`,
    );
    if (p.asn !== asn) lines.push(` neighbor ${p.amazon} local-as ${p.asn} no-prepend replace-as`);
  }
  for (const v6 of [false, true]) {
    if (families(v6).length === 0) continue;
    lines.push(` address-family ${v6 ? "ipv6" : "ipv4"} unicast`);
    for (const p of families(v6)) lines.push(`  neighbor ${p.amazon} activate`);
    for (const cidr of vif.routeFilterPrefixes.filter((c) => c.includes(":") === v6)) {
      const [network = "", length = "0"] = cidr.split("/");
      lines.push(v6 ? `  network ${cidr}` : `  network ${network} mask ${mask(Number(length))}`);
    }
    lines.push(" exit-address-family");
  }
  return [...lines, "!"];
}

function ciscoNxos(vif: VifRecord, peers: Peer[], head: string[]): string[] {
  const asn = routerAsn(peers);
  const lines = [
    ...head,
    "!",
    "feature bgp",
    "feature interface-vlan",
    "feature bfd",
    "!",
    `vlan ${vif.vlan}`,
    `  name AWS-DX-${vif.virtualInterfaceId}`,
    "!",
    `interface Vlan${vif.vlan}`,
    `  description AWS Direct Connect ${vif.virtualInterfaceId}`,
    ...(vif.mtu > 1500 ? [`  mtu ${vif.mtu}`] : []),
    "  no shutdown",
    ...peers.map((p) => `  ${p.v6 ? "ipv6" : "ip"} address ${p.customerCidr}`),
    "!",
    `! BGP: your ASN ${asn}, Amazon's ${vif.amazonSideAsn}.`,
    `router bgp ${asn}`,
  ];
  for (const v6 of [false, true]) {
    const prefixes = vif.routeFilterPrefixes.filter((c) => c.includes(":") === v6);
    if (prefixes.length === 0) continue;
    lines.push(`  address-family ${v6 ? "ipv6" : "ipv4"} unicast`);
    for (const cidr of prefixes) lines.push(`    network ${cidr}`);
  }
  for (const p of peers) {
    lines.push(
      `  neighbor ${p.amazon}`,
      `    remote-as ${vif.amazonSideAsn}`,
      ...(p.asn !== asn ? [`    local-as ${p.asn} no-prepend replace-as`] : []),
      `    password 0 ${p.key}`,
      "    bfd",
      `    address-family ${p.v6 ? "ipv6" : "ipv4"} unicast`,
    );
  }
  return [...lines, "!"];
}

function junos(vif: VifRecord, peers: Peer[], head: string[]): string[] {
  const asn = routerAsn(peers);
  const family = (v6: boolean) =>
    peers.some((p) => p.v6 === v6)
      ? [
          `            family ${v6 ? "inet6" : "inet"} {`,
          ...(vif.mtu > 1500 && !v6 ? [`                mtu ${vif.mtu};`] : []),
          ...peers
            .filter((p) => p.v6 === v6)
            .map((p) => `                address ${p.customerCidr};`),
          "            }",
        ]
      : [];
  const prefixes = vif.routeFilterPrefixes;
  return [
    "/*",
    ...head.map((line) => line.replace(/^#/, " *")),
    " * Replace ge-0/0/1 with the port connected to AWS Direct Connect.",
    " */",
    "interfaces {",
    "    ge-0/0/1 {",
    "        vlan-tagging;",
    `        unit ${vif.vlan} {`,
    `            description "AWS Direct Connect ${vif.virtualInterfaceId}";`,
    `            vlan-id ${vif.vlan};`,
    ...family(false),
    ...family(true),
    "        }",
    "    }",
    "}",
    "routing-options {",
    `    autonomous-system ${asn};`,
    "}",
    ...(prefixes.length > 0
      ? [
          "policy-options {",
          "    policy-statement AWS-DX-EXPORT {",
          "        term announced {",
          "            from {",
          ...prefixes.map((cidr) => `                route-filter ${cidr} exact;`),
          "            }",
          "            then accept;",
          "        }",
          "        term others {",
          "            then reject;",
          "        }",
          "    }",
          "}",
        ]
      : []),
    "protocols {",
    "    bgp {",
    `        group AWS-DX-${vif.virtualInterfaceId} {`,
    "            type external;",
    `            peer-as ${vif.amazonSideAsn};`,
    ...(prefixes.length > 0 ? ["            export AWS-DX-EXPORT;"] : []),
    ...peers.flatMap((p) => [
      `            neighbor ${p.amazon} {`,
      `                local-address ${p.customer};`,
      ...(p.asn !== asn ? [`                local-as ${p.asn};`] : []),
      `                authentication-key "${p.key}"; ## SECRET-DATA`,
      `                family ${p.v6 ? "inet6" : "inet"} {`,
      "                    unicast;",
      "                }",
      "                bfd-liveness-detection {",
      "                    minimum-interval 300;",
      "                    multiplier 3;",
      "                }",
      "            }",
    ]),
    "        }",
    "    }",
    "}",
  ];
}

function panOs(vif: VifRecord, peers: Peer[], head: string[]): string[] {
  const unit = `ethernet1/1.${vif.vlan}`;
  const iface = `set network interface ethernet ethernet1/1 layer3 units ${unit}`;
  const bgp = "set network virtual-router default protocol bgp";
  const v4 = peers.find((p) => !p.v6);
  const lines = [
    ...head,
    "# Replace ethernet1/1 with the port connected to AWS Direct Connect.",
    `${iface} tag ${vif.vlan}`,
    ...peers.filter((p) => !p.v6).map((p) => `${iface} ip ${p.customerCidr}`),
    ...(peers.some((p) => p.v6) ? [`${iface} ipv6 enabled yes`] : []),
    ...peers
      .filter((p) => p.v6)
      .map((p) => `${iface} ipv6 address ${p.customerCidr} enable-on-interface yes`),
    ...(vif.mtu > 1500 ? [`${iface} mtu ${vif.mtu}`] : []),
    `set zone AWS-DX network layer3 ${unit}`,
    `set network virtual-router default interface ${unit}`,
    `${bgp} enable yes`,
    `${bgp} local-as ${routerAsn(peers)}`,
    v4
      ? `${bgp} router-id ${v4.customer}`
      : `# Set ${bgp} router-id to an IPv4 address of this firewall.`,
    `${bgp} peer-group AWS-DX type ebgp`,
  ];
  for (const [i, p] of peers.entries()) {
    const profile = `AWS-DX-${vif.vlan}-${i + 1}`;
    const peer = `${bgp} peer-group AWS-DX peer ${p.id}`;
    if (p.asn !== routerAsn(peers))
      lines.push(`# ${p.id} speaks as ASN ${p.asn}: run it on a virtual router of that ASN.`);
    lines.push(
      `${bgp} auth-profile ${profile} secret ${p.key}`,
      `${peer} peer-as ${vif.amazonSideAsn}`,
      `${peer} address-family-identifier ${p.v6 ? "ipv6" : "ipv4"}`,
      `${peer} local-address interface ${unit}`,
      `${peer} local-address ip ${p.customerCidr}`,
      `${peer} peer-address ip ${p.amazon}`,
      `${peer} connection-options authentication ${profile}`,
      `${peer} enable yes`,
    );
  }
  for (const [i, cidr] of vif.routeFilterPrefixes.entries()) {
    const rule = `${bgp} policy export rules AWS-DX-${i + 1}`;
    lines.push(
      `${rule} match address-prefix ${cidr} exact yes`,
      `${rule} used-by AWS-DX`,
      `${rule} action allow`,
    );
  }
  return lines;
}

function generic(vif: VifRecord, peers: Peer[], head: string[]): string[] {
  const lines = [
    ...head,
    "#",
    "# Set these in your router's own syntax.",
    `VLAN: ${vif.vlan}`,
    `MTU: ${vif.mtu}`,
    `Amazon ASN: ${vif.amazonSideAsn}`,
  ];
  for (const p of peers) {
    lines.push(
      "",
      `BGP peer ${p.id} (${p.v6 ? "IPv6" : "IPv4"})`,
      `  Customer address: ${p.customerCidr}`,
      `  Amazon address: ${p.amazon}/${p.length}`,
      `  Customer ASN: ${p.asn}`,
      `  Amazon ASN: ${vif.amazonSideAsn}`,
      `  BGP authentication key: ${p.key}`,
    );
  }
  if (vif.routeFilterPrefixes.length > 0)
    lines.push("", `Prefixes to announce: ${vif.routeFilterPrefixes.join(", ")}`);
  return lines;
}

type Render = (vif: VifRecord, peers: Peer[], head: string[]) => string[];

/** By the XSLT template AWS would apply: its comment character and the syntax. */
const RENDERERS: Record<string, [comment: string, render: Render]> = {
  "customer-router-cisco-generic.xslt": ["!", ciscoIos],
  "customer-switch-cisco-nexus-generic.xslt": ["!", ciscoNxos],
  "customer-router-juniper-generic.xslt": ["#", junos],
  "customer-router-palo-alto-generic.xslt": ["#", panOs],
};

/** The configuration text of `vif` for `router`. */
export function routerConfiguration(vif: VifRecord, router: ReturnType<typeof routerType>): string {
  const [comment, render] = RENDERERS[router.xsltTemplateName] ?? ["#", generic];
  return `${render(vif, peersOf(vif), header(comment, vif, router)).join("\n")}\n`;
}
