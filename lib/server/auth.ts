import "server-only";

import { getDxConfig } from "./config";

// Who is asking. (First version: auth mode "none" only; basic and proxy modes come with their tests.)

export interface DxUser {
  name: string | null;
  readOnly: boolean;
}

export async function authenticate(request: Request): Promise<DxUser> {
  void request;
  const { security } = getDxConfig();
  return { name: null, readOnly: security.readOnly };
}
