import "server-only";

import { DescribeRouterConfigurationCommand } from "@aws-sdk/client-direct-connect";

import type { AwsCallHooks } from "@/lib/server/audit";
import { ApiError } from "@/lib/server/errors";

import { call, resolve, type MutationTarget } from "./mutations";

// An interface's configuration for the customer's router (DescribeRouterConfiguration). It holds the
// BGP auth keys, so it is never cached, never part of a DTO, and goes from AWS's answer straight into
// the download: the caller (the route) refuses it to read-only users and audits the read.

/** The router configuration's text and the file it is saved as. */
export interface RouterConfigurationFile {
  filename: string;
  text: string;
}

export async function describeRouterConfiguration(
  virtualInterfaceId: string,
  input: MutationTarget & { routerTypeIdentifier: string },
  hooks: AwsCallHooks,
): Promise<RouterConfigurationFile> {
  const { client } = resolve(input);
  const out = await call(
    () =>
      client.send(
        new DescribeRouterConfigurationCommand({
          virtualInterfaceId,
          routerTypeIdentifier: input.routerTypeIdentifier,
        }),
      ),
    hooks,
  );
  if (out.customerRouterConfig === undefined)
    throw new ApiError("internal_error", "AWS answered without the router configuration.");
  // Both parts are checked patterns (an interface id, a router type from lib/dx/router-types.ts):
  // nothing in the name needs quoting.
  return {
    filename: `${virtualInterfaceId}-${input.routerTypeIdentifier}.txt`,
    text: out.customerRouterConfig,
  };
}
