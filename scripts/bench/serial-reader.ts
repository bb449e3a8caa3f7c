// The serial reader: the upstream calls of one topology read made one after another, as a yardstick
// for the dashboard's parallel read of the same calls.
import {
  DescribeConnectionsCommand,
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeLagsCommand,
  DescribeLocationsCommand,
  DescribeVirtualGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
} from "@aws-sdk/client-direct-connect";

import {
  ACCOUNT_CALLS,
  madeEveryRead,
  REGIONAL_CALLS,
  type AccountCall,
  type RegionalCall,
} from "../../lib/aws/topology-calls";
import type { DxTopology } from "../../lib/dx/types";
import { DEFAULT_ACCOUNTS } from "../../lib/emulator/emulator";
import { SCALE_ACCOUNTS } from "../../lib/emulator/seed-generated";

/** One page of a call: its next page's token, if any. */
type Page = (
  client: DirectConnectClient,
  nextToken: string | undefined,
) => Promise<string | undefined>;

/** How each call of a read is made. Every call in lib/aws/topology-calls.ts must have one. */
const PAGES = {
  DescribeConnections: (c, nextToken) =>
    c.send(new DescribeConnectionsCommand({ nextToken })).then((o) => o.nextToken),
  DescribeLags: (c, nextToken) =>
    c.send(new DescribeLagsCommand({ nextToken })).then((o) => o.nextToken),
  DescribeVirtualInterfaces: (c, nextToken) =>
    c.send(new DescribeVirtualInterfacesCommand({ nextToken })).then((o) => o.nextToken),
  DescribeVirtualGateways: (c) =>
    c.send(new DescribeVirtualGatewaysCommand({})).then(() => undefined),
  DescribeLocations: (c) => c.send(new DescribeLocationsCommand({})).then(() => undefined),
  DescribeDirectConnectGateways: (c, nextToken) =>
    c.send(new DescribeDirectConnectGatewaysCommand({ nextToken })).then((o) => o.nextToken),
  DescribeDirectConnectGatewayAssociations: (c, nextToken) =>
    c
      .send(new DescribeDirectConnectGatewayAssociationsCommand({ maxResults: 100, nextToken }))
      .then((o) => o.nextToken),
} satisfies Record<RegionalCall | AccountCall, Page>;

/**
 * The upstream calls of one topology read (lib/aws/topology-calls.ts, as lib/aws/topology.ts makes
 * them), made one after another, with one SDK client per account and region as the dashboard has:
 * per account and region its regional calls, then per account its calls of global resources. Not the
 * calls the dashboard keeps for an hour: a read does not make them. No DTO mapping, no JSON: only the
 * calls.
 */
export function serialRead(emulatorUrl: string, topology: DxTopology) {
  const keys = new Map([...DEFAULT_ACCOUNTS, ...SCALE_ACCOUNTS].map((a) => [a.alias, a]));
  const clients = new Map<string, DirectConnectClient>();
  const client = (alias: string, region: string) => {
    const key = `${alias}/${region}`;
    let c = clients.get(key);
    if (!c) {
      const k = keys.get(alias)!;
      c = new DirectConnectClient({
        region,
        endpoint: emulatorUrl,
        credentials: { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey },
        maxAttempts: 1,
      });
      clients.set(key, c);
    }
    return c;
  };
  const regional = REGIONAL_CALLS.filter(madeEveryRead);
  const perAccount = ACCOUNT_CALLS.filter(madeEveryRead);
  let calls = 0;
  const pages = async (c: DirectConnectClient, page: Page) => {
    let token: string | undefined;
    do {
      calls += 1;
      token = await page(c, token);
    } while (token);
  };
  const read = async () => {
    calls = 0;
    const started = performance.now();
    for (const { alias } of topology.accounts) {
      for (const region of topology.regions) {
        const c = client(alias, region);
        for (const call of regional) await pages(c, PAGES[call]);
      }
    }
    for (const { alias } of topology.accounts) {
      const c = client(alias, topology.regions[0]!);
      for (const call of perAccount) await pages(c, PAGES[call]);
      // No attachments: the dashboard reads them per gateway where they are shown.
    }
    return { ms: performance.now() - started, calls };
  };
  return { read, destroy: () => clients.forEach((c) => c.destroy()) };
}
