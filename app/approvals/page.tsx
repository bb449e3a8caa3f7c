import type { Metadata } from "next";

import { ApprovalsView } from "@/components/actions/approvals-view";

export const metadata: Metadata = { title: "Approvals · dxmap" };

// A thin server shell: the interfaces waiting for approval are live data, read in the browser.
export default function ApprovalsPage() {
  return <ApprovalsView />;
}
