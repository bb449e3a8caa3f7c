import type { Metadata } from "next";
import { Suspense } from "react";

import { EarlyTopologyScript } from "@/components/early-topology-script";
import { TableView } from "@/components/table/table-view";

export const metadata: Metadata = { title: "Table · dxmap" };

// A thin server shell, as the map's: the topology is read in the browser (and polled), its first read
// started by an inline script as the HTML arrives. Suspense because the table reads its view from the URL.
export default function TablePage() {
  return (
    <>
      <EarlyTopologyScript fromHead />
      <Suspense fallback={<p className="p-8 text-muted">Loading…</p>}>
        <TableView />
      </Suspense>
    </>
  );
}
