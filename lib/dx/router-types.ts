// The router types DescribeRouterConfiguration takes. AWS has no call that lists them: this is the list
// AWS documents (vendor, platform, software and the XSLT template each uses). The emulator answers with
// the same names, and the dashboard offers them in "Router configuration".

export interface RouterType {
  routerTypeIdentifier: string;
  vendor: string;
  platform: string;
  software: string;
  xsltTemplateName: string;
}

export const ROUTER_TYPES: readonly RouterType[] = [
  {
    routerTypeIdentifier: "CiscoSystemsInc-2900SeriesRouters-IOS124",
    vendor: "Cisco Systems, Inc.",
    platform: "2900 Series Routers",
    software: "IOS 12.4+",
    xsltTemplateName: "customer-router-cisco-generic.xslt",
  },
  {
    routerTypeIdentifier: "CiscoSystemsInc-3700SeriesRouters-IOS124",
    vendor: "Cisco Systems, Inc.",
    platform: "3700 Series Routers",
    software: "IOS 12.4+",
    xsltTemplateName: "customer-router-cisco-generic.xslt",
  },
  {
    routerTypeIdentifier: "CiscoSystemsInc-7200SeriesRouters-IOS124",
    vendor: "Cisco Systems, Inc.",
    platform: "7200 Series Routers",
    software: "IOS 12.4+",
    xsltTemplateName: "customer-router-cisco-generic.xslt",
  },
  {
    routerTypeIdentifier: "CiscoSystemsInc-Nexus7000SeriesSwitches-NXOS51",
    vendor: "Cisco Systems, Inc.",
    platform: "Nexus 7000 Series Switches",
    software: "NX-OS 5.1+",
    xsltTemplateName: "customer-switch-cisco-nexus-generic.xslt",
  },
  {
    routerTypeIdentifier: "CiscoSystemsInc-Nexus9KSeriesSwitches-NXOS93",
    vendor: "Cisco Systems, Inc.",
    platform: "Nexus 9K+ Series Switches",
    software: "NX-OS 9.3+",
    xsltTemplateName: "customer-switch-cisco-nexus-generic.xslt",
  },
  {
    routerTypeIdentifier: "JuniperNetworksInc-MMXSeriesRouters-JunOS95",
    vendor: "Juniper Networks, Inc.",
    platform: "M/MX Series Routers",
    software: "JunOS 9.5+",
    xsltTemplateName: "customer-router-juniper-generic.xslt",
  },
  {
    routerTypeIdentifier: "JuniperNetworksInc-SRXSeriesRouters-JunOS95",
    vendor: "Juniper Networks, Inc.",
    platform: "SRX Series Routers",
    software: "JunOS 9.5+",
    xsltTemplateName: "customer-router-juniper-generic.xslt",
  },
  {
    routerTypeIdentifier: "JuniperNetworksInc-TSeriesRouters-JunOS95",
    vendor: "Juniper Networks, Inc.",
    platform: "T Series Routers",
    software: "JunOS 9.5+",
    xsltTemplateName: "customer-router-juniper-generic.xslt",
  },
  {
    routerTypeIdentifier: "PaloAltoNetworks-PA3000and5000series-PANOS803",
    vendor: "Palo Alto Networks",
    platform: "PA-3000+ and 5000+ series",
    software: "PAN-OS 8.0.3+",
    xsltTemplateName: "customer-router-palo-alto-generic.xslt",
  },
];

export const DEFAULT_ROUTER_TYPE = "CiscoSystemsInc-2900SeriesRouters-IOS124";

export const routerTypeById = (id: string): RouterType | undefined =>
  ROUTER_TYPES.find((t) => t.routerTypeIdentifier === id);
