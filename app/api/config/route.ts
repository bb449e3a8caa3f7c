// GET /api/config – the accounts and regions dxmap may show, the backend, and who the user is
// (read-only or not), so the dashboard shows only the controls that apply. No credential in it.
import type { DxClientConfig } from "@/lib/dx/types";
import { getDxConfig } from "@/lib/server/config";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { mutation: false, name: "GET /api/config" },
  async ({ user }): Promise<DxClientConfig> => {
    const config = getDxConfig();
    return {
      backend: config.backend,
      accounts: config.accounts.map(({ alias, accountId }) => ({ alias, accountId })),
      regions: [...config.regions],
      user: user.name,
      readOnly: user.readOnly,
    };
  },
);
