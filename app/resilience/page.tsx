import type { Metadata } from "next";

import { EarlyTopologyScript } from "@/components/early-topology-script";
import { ResilienceView } from "@/components/resilience/resilience-view";
import type { DxTopology } from "@/lib/dx/types";
import { analyzeResilience } from "@/lib/resilience/analysis";
import { PREVIEW_ROWS, readResilienceState, resiliencePreview } from "@/lib/resilience/page";
import type { ResilienceTarget } from "@/lib/resilience/types";
import { pageSnapshot } from "@/lib/server/page-snapshot";

export const metadata: Metadata = { title: "Resilience · dxmap" };

/** What an analysis is made of: the snapshot's lists, the same arrays while nothing changed. */
const listsOf = (t: DxTopology) => [
  t.connections,
  t.lags,
  t.virtualInterfaces,
  t.directConnectGateways,
  t.directConnectGatewayAssociations,
  t.virtualGateways,
  t.locations,
  t.errors,
];
/** The last analysis, made once for the pages rendered while the estate stays as it was. */
let last: { lists: unknown[]; targets: ResilienceTarget[] } | undefined;

function analysisOf(snapshot: DxTopology): ResilienceTarget[] {
  const lists = listsOf(snapshot);
  if (!last || last.lists.some((list, i) => list !== lists[i]))
    last = { lists, targets: analyzeResilience(snapshot) };
  return last.targets;
}

// The page's first rows are rendered here from the collector's snapshot, as its URL filters and sorts
// them, so that they are in the HTML. The browser then reads (and polls) the topology, its first read
// started by an inline script as the HTML arrives, and analyses it itself: the whole table, live.
export default async function ResiliencePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const snapshot = await pageSnapshot();
  let first;
  if (snapshot) {
    const state = readResilienceState({
      get: (name) => {
        const value = params[name];
        return (Array.isArray(value) ? value[0] : value) ?? null;
      },
    });
    first = resiliencePreview(snapshot, analysisOf(snapshot), state, PREVIEW_ROWS);
  }
  return (
    <>
      {/* No Suspense boundary: the page is rendered per request (the URL's filters do not suspend),
          and React would send rows this large apart, shown only by a script that waits for the
          stylesheet. */}
      <ResilienceView first={first} />
      {/* After the rows: an inline script waits for the stylesheet before it runs, and holds the
          parsing of what follows it until then. */}
      <EarlyTopologyScript />
    </>
  );
}
