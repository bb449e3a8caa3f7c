// POST /api/connections/{id}/confirm – accept a hosted connection a partner ordered for the named account
// (ConfirmConnection). Body: {account, region}. 200 {readAt, resource} (pending; AWS then makes it
// available). AWS refuses a connection that is not ordering, in its own words.
import { confirmConnection } from "@/lib/aws/mutations";
import { dedicatedConnectionId, hostedConnectionInput } from "@/lib/dx/schemas";
import { pathId, route } from "@/lib/server/route";

export const POST = route<{ id: string }>(
  { mutation: true, name: "POST /api/connections/{id}/confirm" },
  async ({ body, params, audit, awsHooks }) => {
    pathId("id", params.id, dedicatedConnectionId);
    const input = await body(hostedConnectionInput);
    Object.assign(audit, {
      account: input.account,
      region: input.region,
      operation: "ConfirmConnection",
      targetId: params.id,
      parameters: input,
    });
    return confirmConnection(params.id, input, awsHooks);
  },
);
