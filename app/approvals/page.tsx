import type { Metadata } from "next";

import { EarlyTopologyScript } from "@/components/early-topology-script";
import { ApprovalsView } from "@/components/actions/approvals-view";
import { pageSnapshot } from "@/lib/server/page-snapshot";
import { approvalsSlice } from "@/lib/topology/approvals";

export const metadata: Metadata = { title: "Approvals · dxmap" };

// The interfaces and hosted connections waiting are rendered here from the collector's snapshot (its
// slice for this page: hundreds of rows, not the whole estate), so that the list is in the HTML;
// the browser then reads (and polls) the whole topology, started by an inline script as the HTML
// arrives, which the approval dialogs need for the owners' gateways.
export default async function ApprovalsPage() {
  const snapshot = await pageSnapshot();
  return (
    <>
      <ApprovalsView first={snapshot ? approvalsSlice(snapshot) : undefined} />
      {/* After the rows: an inline script waits for the stylesheet before it runs, and holds the
          parsing of what follows it until then. */}
      <EarlyTopologyScript />
    </>
  );
}
