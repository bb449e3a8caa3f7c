import "server-only";

import {
  DescribeDirectConnectGatewayAttachmentsCommand,
  type DirectConnectClient,
} from "@aws-sdk/client-direct-connect";

import type { DxGatewayAssociations, DxGatewayAttachments } from "@/lib/dx/types";
import { getDxConfig, type AccountConfig } from "@/lib/server/config";
import { ApiError, fromAwsError } from "@/lib/server/errors";

import { cachedRead, type Read } from "./cache";
import { getDirectConnectClient } from "./clients";
import { toGatewayAssociation, toGatewayAttachment, uniqueBy } from "./to-dto";
import { allPages } from "./pages";
import { associationListRead, gatewayListRead } from "./topology";

// A Direct Connect gateway's attachments (the interfaces attached to it), which AWS answers one
// gateway per call: the map's reads leave them out (a call per gateway, with every poll); they are
// read for what shows them, cached and coalesced like the topology's reads, and dropped with them by a
// mutation in the account. And the associations (the virtual private and transit gateways behind a
// gateway) as the API's routes answer them, out of the account's list the topology reads.

/** The named account and a client for it (gateways are global: the first configured region's). */
function accountClient(alias: string): {
  account: AccountConfig;
  client: DirectConnectClient;
  ttl: number;
} {
  const config = getDxConfig();
  const account = config.accounts.find((a) => a.alias === alias);
  if (!account) {
    throw new ApiError("validation_failed", "Choose a configured account.", {
      fieldErrors: {
        account: [
          `Unknown account ${alias}. Allowed: ${config.accounts.map((a) => a.alias).join(", ")}.`,
        ],
      },
    });
  }
  return {
    account,
    client: getDirectConnectClient(account, config.regions[0]!),
    ttl: config.cacheTtlMs,
  };
}

/** AWS's refusals and outages as dxmap's errors. */
async function mapped<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw fromAwsError(error, getDxConfig().endpoint ?? "directconnect.<region>.amazonaws.com");
  }
}

const oldest = (reads: readonly Read<unknown>[]) =>
  new Date(reads.length ? Math.min(...reads.map((r) => r.readAt)) : Date.now()).toISOString();

/** One gateway's list, every page, cached and coalesced with the account's other global reads. */
function perGatewayRead<T>(
  alias: string,
  ttl: number,
  operation: string,
  directConnectGatewayId: string,
  page: (
    nextToken: string | undefined,
  ) => Promise<{ items: T[] | undefined; nextToken: string | undefined }>,
) {
  return cachedRead(alias, "*", `${operation} ${directConnectGatewayId}`, ttl, () =>
    allPages(page),
  );
}

/** The interfaces attached to one gateway, as the account sees them (its owner: all; an interface's owner: its own). */
export function describeGatewayAttachments(
  directConnectGatewayId: string,
  alias: string,
): Promise<DxGatewayAttachments> {
  const { account, client, ttl } = accountClient(alias);
  return mapped(async () => {
    const read = await perGatewayRead(
      account.alias,
      ttl,
      "DescribeDirectConnectGatewayAttachments",
      directConnectGatewayId,
      (nextToken) =>
        client
          .send(
            new DescribeDirectConnectGatewayAttachmentsCommand({
              directConnectGatewayId,
              nextToken,
            }),
          )
          .then((o) => ({ items: o.directConnectGatewayAttachments, nextToken: o.nextToken })),
    );
    return {
      readAt: oldest([read]),
      attachments: uniqueBy(
        read.value.flatMap((a) => toGatewayAttachment(a) ?? []),
        (a) => a.virtualInterfaceId,
      ),
    };
  });
}

/**
 * The associations of one gateway, or, without one, of every gateway the account owns (what a form
 * needs to offer only the gateways AWS would take for an interface's type): out of the account's one
 * list of associations, the read the map's topology makes too (lib/aws/topology.ts), so that a form
 * opened beside the map costs no call of its own within the cache's TTL.
 */
export function describeGatewayAssociations(
  alias: string,
  directConnectGatewayId?: string,
): Promise<DxGatewayAssociations> {
  const { account, client, ttl } = accountClient(alias);
  return mapped(async () => {
    const [list, gateways] = await Promise.all([
      associationListRead(client, account.alias, ttl),
      directConnectGatewayId ? undefined : gatewayListRead(client, account.alias, ttl),
    ]);
    const ids = new Set(
      gateways
        ? gateways.value.flatMap((g) =>
            g.directConnectGatewayId ? [g.directConnectGatewayId] : [],
          )
        : [directConnectGatewayId],
    );
    return {
      readAt: oldest(gateways ? [list, gateways] : [list]),
      associations: uniqueBy(
        list.value.flatMap((a) => {
          const dto = toGatewayAssociation(a);
          return dto && ids.has(dto.directConnectGatewayId) ? [dto] : [];
        }),
        (a) => a.id,
      ),
    };
  });
}
