/** TagResource, UntagResource, DescribeTags. Quotas: 50 tags per resource; keys 1..128, values 0..256. */
import type {
  DescribeTagsRequest,
  DescribeTagsResponse,
  Tag,
  TagResourceRequest,
  TagResourceResponse,
  UntagResourceRequest,
  UntagResourceResponse,
} from "@aws-sdk/client-direct-connect";
import type { Context } from "../context";
import { AwsError, ClientError } from "../errors";
import type { EmulatorState } from "../state";

const MAX_TAGS = 50;

/**
 * Validates `tags` against the quotas and returns a function that stores them, so that a refused
 * request changes nothing: callers validate everything first, then commit.
 */
export function applyTags(
  state: EmulatorState,
  resourceArn: string,
  tags: Tag[],
  replace = false,
): () => void {
  const keys = tags.map((t) => t.key ?? "");
  if (new Set(keys).size !== keys.length) {
    throw new AwsError("DuplicateTagKeysException", "A tag key was specified more than once.");
  }
  const merged = new Map((replace ? [] : (state.tags[resourceArn] ?? [])).map((t) => [t.key, t]));
  for (const tag of tags) merged.set(tag.key, { key: tag.key, value: tag.value ?? "" });
  if (merged.size > MAX_TAGS) {
    throw new AwsError(
      "TooManyTagsException",
      `You have reached the limit of ${MAX_TAGS} tags for this resource.`,
    );
  }
  return () => {
    if (merged.size > 0) state.tags[resourceArn] = [...merged.values()];
  };
}

/** Resolves an ARN to a resource the caller owns, or refuses it. */
function ownedArn(ctx: Context, resourceArn: string): void {
  const m =
    /^arn:aws:directconnect:([a-z0-9-]*):(\d{12}):(dxcon|dxlag|dxvif|dx-gateway)\/(.+)$/.exec(
      resourceArn,
    );
  if (!m) throw new ClientError(`The resource ARN ${resourceArn} has an invalid format.`);
  const [, region, account, kind, id] = m as unknown as [string, string, string, string, string];
  const s = ctx.state;
  const record =
    kind === "dxcon"
      ? s.connections[id]
      : kind === "dxlag"
        ? s.lags[id]
        : kind === "dxvif"
          ? s.virtualInterfaces[id]
          : s.gateways[id];
  const recordRegion = record && "region" in record ? record.region : "";
  // Regional resources are tagged through their own region's endpoint; gateways are global.
  const reachable = kind === "dx-gateway" || region === ctx.region;
  if (
    !record ||
    !reachable ||
    record.ownerAccount !== ctx.account.accountId ||
    account !== ctx.account.accountId ||
    region !== recordRegion
  ) {
    throw new ClientError(`${resourceArn} does not exist`);
  }
}

export function tagResource(input: TagResourceRequest, ctx: Context): TagResourceResponse {
  ownedArn(ctx, input.resourceArn!);
  applyTags(ctx.state, input.resourceArn!, input.tags!)();
  return {};
}

export function untagResource(input: UntagResourceRequest, ctx: Context): UntagResourceResponse {
  ownedArn(ctx, input.resourceArn!);
  const drop = new Set(input.tagKeys);
  const kept = (ctx.state.tags[input.resourceArn!] ?? []).filter((t) => !drop.has(t.key ?? ""));
  if (kept.length > 0) ctx.state.tags[input.resourceArn!] = kept;
  else delete ctx.state.tags[input.resourceArn!];
  return {};
}

export function describeTags(input: DescribeTagsRequest, ctx: Context): DescribeTagsResponse {
  for (const resourceArn of input.resourceArns!) ownedArn(ctx, resourceArn);
  return {
    resourceTags: input.resourceArns!.map((resourceArn) => ({
      resourceArn,
      tags: ctx.state.tags[resourceArn] ?? [],
    })),
  };
}
