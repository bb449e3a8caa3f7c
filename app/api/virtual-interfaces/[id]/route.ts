// DELETE /api/virtual-interfaces/{id} – delete an interface as the named account (its owner, or the
// connection owner that allocated it). Body: {account, region}. 200 {readAt, resource} (deleting, or
// rejected for an interface that was still confirming).
import { deleteVirtualInterface } from "@/lib/aws/mutations";
import { deleteInterfaceInput, virtualInterfaceId } from "@/lib/dx/schemas";
import { ApiError } from "@/lib/server/errors";
import { route } from "@/lib/server/route";

export const DELETE = route<{ id: string }>({ mutation: true, name: "DELETE /api/virtual-interfaces/{id}" }, async ({ body, params, audit }) => {
  if (!virtualInterfaceId.safeParse(params.id).success) {
    throw new ApiError("validation_failed", "Invalid id.", { fieldErrors: { id: ["An interface id looks like dxvif-ab12cd34."] } });
  }
  const input = await body(deleteInterfaceInput);
  Object.assign(audit, { account: input.account, region: input.region, operation: "DeleteVirtualInterface", targetId: params.id, parameters: input });
  return deleteVirtualInterface(params.id, input, (id) => (audit.awsRequestId = id));
});
