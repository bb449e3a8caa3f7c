// DELETE /api/virtual-interfaces/{id} – delete an interface as the named account (its owner, or the
// connection owner that allocated it). Body: {account, region}. 200 {readAt, resource} (deleting, or
// rejected for an interface that was still confirming).
import { deleteVirtualInterface } from "@/lib/aws/mutations";
import { deleteInterfaceInput, virtualInterfaceId } from "@/lib/dx/schemas";
import { pathId, route } from "@/lib/server/route";

export const DELETE = route<{ id: string }>(
  { mutation: true, name: "DELETE /api/virtual-interfaces/{id}" },
  async ({ body, params, audit, awsHooks }) => {
    pathId("id", params.id, virtualInterfaceId);
    const input = await body(deleteInterfaceInput);
    Object.assign(audit, {
      account: input.account,
      region: input.region,
      operation: "DeleteVirtualInterface",
      targetId: params.id,
      parameters: input,
    });
    return deleteVirtualInterface(params.id, input, awsHooks);
  },
);
