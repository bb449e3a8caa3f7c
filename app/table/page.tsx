import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";

import { TableView } from "@/components/table/table-view";
import { EARLY_TOPOLOGY_SCRIPT } from "@/lib/dx/early-topology";

export const metadata: Metadata = { title: "Table · dxmap" };

// A thin server shell, as the map's: the topology is read in the browser (and polled), its first read
// started by an inline script as the HTML arrives. Suspense because the table reads its view from the URL.
export default async function TablePage() {
  const nonce = (await headers()).get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
  return (
    <>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: EARLY_TOPOLOGY_SCRIPT }} />
      <Suspense fallback={<p className="p-8 text-muted">Loading…</p>}>
        <TableView />
      </Suspense>
    </>
  );
}
