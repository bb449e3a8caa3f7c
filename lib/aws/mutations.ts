import "server-only";

import {
  AllocatePrivateVirtualInterfaceCommand,
  AllocatePublicVirtualInterfaceCommand,
  AllocateTransitVirtualInterfaceCommand,
  ConfirmConnectionCommand,
  ConfirmPrivateVirtualInterfaceCommand,
  ConfirmPublicVirtualInterfaceCommand,
  ConfirmTransitVirtualInterfaceCommand,
  CreateBGPPeerCommand,
  CreatePrivateVirtualInterfaceCommand,
  CreatePublicVirtualInterfaceCommand,
  CreateTransitVirtualInterfaceCommand,
  DeleteBGPPeerCommand,
  DeleteConnectionCommand,
  DeleteVirtualInterfaceCommand,
  DescribeConnectionsCommand,
  DescribeVirtualInterfacesCommand,
  type DirectConnectClient,
  type VirtualInterface,
} from "@aws-sdk/client-direct-connect";

import type {
  ConfirmInterfaceInput,
  CreateBgpPeerInput,
  CreateInterfaceInput,
  DeleteBgpPeerInput,
} from "@/lib/dx/schemas";
import { awaitsAcceptance } from "@/lib/dx/rules/approvals";
import { UNKNOWN_STATE } from "@/lib/dx/states";
import type { DxConnection, DxMutationResult, DxVirtualInterface } from "@/lib/dx/types";
import type { AwsCallHooks } from "@/lib/server/audit";
import { getDxConfig, type AccountConfig } from "@/lib/server/config";
import { ApiError, fromAwsError } from "@/lib/server/errors";

import { invalidate } from "./cache";
import { getDirectConnectClient } from "./clients";
import { toConnection, toVirtualInterface } from "./to-dto";

// Mutations run as the account the request names: the dashboard names the account AWS requires (the
// interface's owner to confirm it or change its peers, the connection's owner to create or allocate).
// Naming another account gets AWS's own refusal. Each returns the resource as it is after the call.
// Every AWS call of a change, the reads before it included, first awaits the audit's intent record
// (`hooks.beforeAws()`): when that cannot be written, the change is refused and nothing is sent.

/** Where a mutation runs, and what the audit log records of it. */
export interface MutationTarget {
  account: string;
  region: string;
}

/** The named account and region, if dxmap is configured for them; otherwise a 400 naming the allowed values. */
export function resolve(target: MutationTarget): {
  account: AccountConfig;
  client: DirectConnectClient;
} {
  const config = getDxConfig();
  const account = config.accounts.find((a) => a.alias === target.account);
  const fieldErrors: Record<string, string[]> = {};
  if (!account)
    fieldErrors.account = [
      `Unknown account ${target.account}. Allowed: ${config.accounts.map((a) => a.alias).join(", ")}.`,
    ];
  if (!config.regions.includes(target.region))
    fieldErrors.region = [
      `Unknown region ${target.region}. Allowed: ${config.regions.join(", ")}.`,
    ];
  if (!account || fieldErrors.region)
    throw new ApiError("validation_failed", "Choose a configured account and region.", {
      fieldErrors,
    });
  return { account, client: getDirectConnectClient(account, target.region) };
}

/**
 * SDK call → DTO, once the audit's intent is written, with AWS's refusals and outages turned into
 * dxmap's errors. `change`: the call that changes something, whose request id the audit records (a
 * read before or after it is not); `named`: account ids the request itself gave, which AWS's message
 * may repeat to the user unscrubbed.
 */
export async function call<T extends { $metadata: { requestId?: string } }>(
  send: () => Promise<T>,
  hooks: AwsCallHooks,
  { change = true, named = [] }: { change?: boolean; named?: readonly string[] } = {},
): Promise<T> {
  await hooks.beforeAws();
  try {
    const out = await send();
    if (change) hooks.onRequestId(out.$metadata.requestId);
    return out;
  } catch (error) {
    const requestId = (error as { $metadata?: { requestId?: string } }).$metadata?.requestId;
    if (change) hooks.onRequestId(requestId);
    throw fromAwsError(
      error,
      getDxConfig().endpoint ?? `directconnect.<region>.amazonaws.com`,
      named,
    );
  }
}

/**
 * Drops the reads a change to an interface made stale: it is visible to its owner and to the account
 * that allocated it, so every configured account's reads of the region go (an allocator may be any).
 */
export function invalidateInterface(account: AccountConfig, region: string): void {
  invalidate(account.alias, region);
  for (const a of getDxConfig().accounts)
    if (a.alias !== account.alias) invalidate(a.alias, region);
}

function result(
  account: AccountConfig,
  region: string,
  raw: VirtualInterface | undefined,
): DxMutationResult<DxVirtualInterface> {
  const config = getDxConfig();
  const aliases = new Map(config.accounts.map((a) => [a.accountId, a.alias]));
  invalidateInterface(account, region);
  const resource = raw
    ? toVirtualInterface(raw, { account: account.alias, region }, (id) => aliases.get(id) ?? null)
    : null;
  if (!resource) throw new ApiError("internal_error", "AWS answered without the interface.");
  return { readAt: new Date().toISOString(), resource };
}

/** Reads one interface as the account sees it (not from cache: the caller is about to act on it). */
async function describeOne(
  client: DirectConnectClient,
  virtualInterfaceId: string,
  hooks: AwsCallHooks,
) {
  const out = await call(
    () => client.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId })),
    hooks,
    { change: false },
  );
  const vif = out.virtualInterfaces?.[0];
  if (!vif)
    throw new ApiError("not_found", `Virtual interface ${virtualInterfaceId} was not found.`);
  return vif;
}

/** AWS takes 2-byte and most 4-byte ASNs in `asn`; above its range only `asnLong` carries them. */
const asnFields = (asn: number) => (asn <= 2_147_483_646 ? { asn } : { asnLong: asn });

export async function createBgpPeer(input: CreateBgpPeerInput, hooks: AwsCallHooks) {
  const { account, client } = resolve(input);
  const out = await call(
    () =>
      client.send(
        new CreateBGPPeerCommand({
          virtualInterfaceId: input.virtualInterfaceId,
          newBGPPeer: {
            ...asnFields(input.asn),
            addressFamily: input.addressFamily,
            ...(input.authKey ? { authKey: input.authKey } : {}),
            ...(input.amazonAddress ? { amazonAddress: input.amazonAddress } : {}),
            ...(input.customerAddress ? { customerAddress: input.customerAddress } : {}),
          },
        }),
      ),
    hooks,
  );
  return result(account, input.region, out.virtualInterface);
}

export async function deleteBgpPeer(
  bgpPeerId: string,
  input: DeleteBgpPeerInput,
  hooks: AwsCallHooks,
) {
  const { account, client } = resolve(input);
  const out = await call(
    () =>
      client.send(
        new DeleteBGPPeerCommand({ virtualInterfaceId: input.virtualInterfaceId, bgpPeerId }),
      ),
    hooks,
  );
  return result(account, input.region, out.virtualInterface);
}

/** Confirms an interface allocated to the named account, with the gateway its type needs. */
export async function confirmVirtualInterface(
  virtualInterfaceId: string,
  input: ConfirmInterfaceInput,
  hooks: AwsCallHooks,
) {
  const { account, client } = resolve(input);
  const vif = await describeOne(client, virtualInterfaceId, hooks);
  const gateways = {
    ...(input.virtualGatewayId ? { virtualGatewayId: input.virtualGatewayId } : {}),
    ...(input.directConnectGatewayId
      ? { directConnectGatewayId: input.directConnectGatewayId }
      : {}),
  };
  let confirmed: { virtualInterfaceState?: string };
  switch (vif.virtualInterfaceType) {
    case "public":
      confirmed = await call(
        () => client.send(new ConfirmPublicVirtualInterfaceCommand({ virtualInterfaceId })),
        hooks,
      );
      break;
    case "transit":
      confirmed = await call(
        () =>
          client.send(
            new ConfirmTransitVirtualInterfaceCommand({
              virtualInterfaceId,
              directConnectGatewayId: input.directConnectGatewayId ?? "",
            }),
          ),
        hooks,
      );
      break;
    default:
      confirmed = await call(
        () =>
          client.send(
            new ConfirmPrivateVirtualInterfaceCommand({ virtualInterfaceId, ...gateways }),
          ),
        hooks,
      );
  }
  // Confirmed: a failed read after (throttled, say) must not make it look refused. The answer is then
  // what was read before, in the state the confirmation reported.
  const after = await describeOne(client, virtualInterfaceId, hooks).catch(
    (): VirtualInterface => ({
      ...vif,
      ...gateways,
      virtualInterfaceState:
        (confirmed.virtualInterfaceState as VirtualInterface["virtualInterfaceState"]) ??
        vif.virtualInterfaceState,
    }),
  );
  return result(account, input.region, after);
}

/** Creates an interface on a connection of the named account, or allocates it to `ownerAccount`. */
export async function createVirtualInterface(input: CreateInterfaceInput, hooks: AwsCallHooks) {
  const { account, client } = resolve(input);
  const common = {
    virtualInterfaceName: input.name,
    vlan: input.vlan,
    ...asnFields(input.asn),
    addressFamily: input.addressFamily,
    ...(input.authKey ? { authKey: input.authKey } : {}),
    ...(input.amazonAddress ? { amazonAddress: input.amazonAddress } : {}),
    ...(input.customerAddress ? { customerAddress: input.customerAddress } : {}),
  };
  const gateways = {
    ...(input.virtualGatewayId ? { virtualGatewayId: input.virtualGatewayId } : {}),
    ...(input.directConnectGatewayId
      ? { directConnectGatewayId: input.directConnectGatewayId }
      : {}),
  };
  const prefixes = { routeFilterPrefixes: input.routeFilterPrefixes.map((cidr) => ({ cidr })) };
  const { connectionId, ownerAccount } = input;
  const named = ownerAccount ? [ownerAccount] : [];
  let vif: VirtualInterface | undefined;
  if (ownerAccount) {
    if (input.type === "private") {
      vif = await call(
        () =>
          client.send(
            new AllocatePrivateVirtualInterfaceCommand({
              connectionId,
              ownerAccount,
              newPrivateVirtualInterfaceAllocation: { ...common, mtu: input.mtu },
            }),
          ),
        hooks,
        { named },
      );
    } else if (input.type === "public") {
      vif = await call(
        () =>
          client.send(
            new AllocatePublicVirtualInterfaceCommand({
              connectionId,
              ownerAccount,
              newPublicVirtualInterfaceAllocation: { ...common, ...prefixes },
            }),
          ),
        hooks,
        { named },
      );
    } else {
      vif = (
        await call(
          () =>
            client.send(
              new AllocateTransitVirtualInterfaceCommand({
                connectionId,
                ownerAccount,
                newTransitVirtualInterfaceAllocation: { ...common, mtu: input.mtu },
              }),
            ),
          hooks,
          { named },
        )
      ).virtualInterface;
    }
  } else if (input.type === "private") {
    vif = await call(
      () =>
        client.send(
          new CreatePrivateVirtualInterfaceCommand({
            connectionId,
            newPrivateVirtualInterface: { ...common, mtu: input.mtu, ...gateways },
          }),
        ),
      hooks,
      { named },
    );
  } else if (input.type === "public") {
    vif = await call(
      () =>
        client.send(
          new CreatePublicVirtualInterfaceCommand({
            connectionId,
            newPublicVirtualInterface: { ...common, ...prefixes },
          }),
        ),
      hooks,
      { named },
    );
  } else {
    vif = (
      await call(
        () =>
          client.send(
            new CreateTransitVirtualInterfaceCommand({
              connectionId,
              newTransitVirtualInterface: { ...common, mtu: input.mtu, ...gateways },
            }),
          ),
        hooks,
        { named },
      )
    ).virtualInterface;
  }
  return result(account, input.region, vif);
}

export async function deleteVirtualInterface(
  virtualInterfaceId: string,
  input: MutationTarget,
  hooks: AwsCallHooks,
) {
  const { account, client } = resolve(input);
  await call(() => client.send(new DeleteVirtualInterfaceCommand({ virtualInterfaceId })), hooks);
  return result(account, input.region, await describeOne(client, virtualInterfaceId, hooks));
}

/** Reads one connection as the account sees it (not from cache: the caller is about to act on it). */
async function describeConnection(
  client: DirectConnectClient,
  connectionId: string,
  hooks: AwsCallHooks,
) {
  const out = await call(
    () => client.send(new DescribeConnectionsCommand({ connectionId })),
    hooks,
    { change: false },
  );
  const connection = out.connections?.[0];
  if (!connection) throw new ApiError("not_found", `Connection ${connectionId} was not found.`);
  return connection;
}

function connectionResult(
  account: AccountConfig,
  region: string,
  raw: Awaited<ReturnType<typeof describeConnection>>,
): DxMutationResult<DxConnection> {
  invalidate(account.alias, region);
  const resource = toConnection(raw, { account: account.alias, region });
  if (!resource) throw new ApiError("internal_error", "AWS answered without the connection.");
  return { readAt: new Date().toISOString(), resource };
}

/**
 * Accepts a hosted connection a partner ordered for the named account (ConfirmConnection): AWS then
 * readies it, pending and then available, and its port hours are billed to the account.
 */
export async function confirmConnection(
  connectionId: string,
  input: MutationTarget,
  hooks: AwsCallHooks,
) {
  const { account, client } = resolve(input);
  // Read first: once AWS has accepted it, a failed read after (throttled, say) must not make the
  // accept look failed. The answer is then what was read, in the state ConfirmConnection reported.
  const before = await describeConnection(client, connectionId, hooks);
  const out = await call(() => client.send(new ConfirmConnectionCommand({ connectionId })), hooks);
  const after = await describeConnection(client, connectionId, hooks).catch(() => ({
    ...before,
    connectionState: out.connectionState ?? before.connectionState,
  }));
  return connectionResult(account, input.region, after);
}

/**
 * Declines a hosted connection a partner ordered: AWS's way is to delete it while it is ordering,
 * which makes it rejected. Only that: any other connection is refused before the call, so a stale
 * page can never delete a connection in use.
 */
export async function declineConnection(
  connectionId: string,
  input: MutationTarget,
  hooks: AwsCallHooks,
) {
  const { account, client } = resolve(input);
  const before = await describeConnection(client, connectionId, hooks);
  // The same rule as the approvals page's Decline button, so the two cannot drift apart.
  if (!awaitsAcceptance({ state: before.connectionState ?? UNKNOWN_STATE })) {
    throw new ApiError(
      "validation_failed",
      `Only a hosted connection awaiting acceptance can be declined; ${connectionId} is ${before.connectionState ?? "in an unknown state"}.`,
      {
        fieldErrors: {
          id: [
            `${connectionId} is ${before.connectionState ?? "in an unknown state"}, not ordering.`,
          ],
        },
      },
    );
  }
  // DeleteConnection answers with the connection as it now is: no read after, which could fail.
  const out = await call(() => client.send(new DeleteConnectionCommand({ connectionId })), hooks);
  return connectionResult(account, input.region, { ...before, ...out });
}
