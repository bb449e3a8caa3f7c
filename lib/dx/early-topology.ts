// The first topology read starts from an inline script at the top of the map's HTML, while the
// JavaScript is still loading, instead of after hydration (at L, seconds later on this machine).
// The page (app/page.tsx) renders the script; the first query (components/use-topology.ts) takes the
// response from it, once.

/** The window property that holds the early response (a Promise of Response, or null if it failed). */
export const EARLY_TOPOLOGY = "__dxEarlyTopology";

/** The inline script's source: a GET of the whole topology, as the dashboard makes it. */
export const EARLY_TOPOLOGY_SCRIPT = `window.${EARLY_TOPOLOGY}=fetch("/api/topology",{headers:{Accept:"application/json"}}).catch(function(){return null});`;

/** The early response, if the page started one and nobody took it yet. */
export function takeEarlyTopology(): Promise<Response | null> | undefined {
  if (typeof window === "undefined") return undefined;
  const w = window as unknown as Record<string, Promise<Response | null> | undefined>;
  const early = w[EARLY_TOPOLOGY];
  delete w[EARLY_TOPOLOGY];
  return early;
}
