import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";

import { ResilienceView } from "@/components/resilience/resilience-view";
import { EARLY_TOPOLOGY_SCRIPT } from "@/lib/dx/early-topology";

export const metadata: Metadata = { title: "Resilience · dxmap" };

// A thin server shell, as the map's and the table's: the topology is read (and polled) in the browser,
// its first read started by an inline script as the HTML arrives, and analysed there.
export default async function ResiliencePage() {
  const nonce = (await headers()).get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
  return (
    <>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: EARLY_TOPOLOGY_SCRIPT }} />
      <Suspense fallback={<p className="p-8 text-muted">Loading…</p>}>
        <ResilienceView />
      </Suspense>
    </>
  );
}
