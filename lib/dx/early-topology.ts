// The first topology read starts from the map's HTML (a preload in its head, taken by an inline
// script), while the JavaScript is still loading, instead of after hydration (in a large estate,
// seconds later).
// The page (app/page.tsx) renders the script; the first query (components/use-topology.ts) takes the
// answer from it, once.
//
// A successful answer is parsed as soon as it arrives, while the browser still waits for the
// JavaScript, and kept on the window as well: when the map's query starts and the answer is already
// there, the query starts with it as its data, and the first render after hydration draws the map
// (instead of rendering "loading", starting the query in an effect, then parsing and drawing).

/** The window property that holds the early answer: a Promise of the parsed body, the Response of a failure, or null. */
export const EARLY_TOPOLOGY = "__dxEarlyTopology";
/** The window property that holds the early answer's parsed body, once it has arrived. */
export const EARLY_TOPOLOGY_BODY = "__dxEarlyTopologyBody";

/**
 * The inline script's source: a GET of the whole topology, as the dashboard makes it. A 2xx answer
 * whose body is a JSON object becomes `{ body }`, and the body is also put on the window unless the
 * query has already taken the answer (it would then stay there for the tab's life, unread); any other
 * status is left as its Response for the caller to report; a network failure, or a 2xx answer that
 * is not a JSON object, becomes null, and the caller reads again its usual way (and reports that).
 */
export const EARLY_TOPOLOGY_SCRIPT =
  `window.${EARLY_TOPOLOGY}=fetch("/api/topology",{headers:{Accept:"application/json"}})` +
  `.then(function(r){return r.ok?r.json().then(function(b){` +
  `if(b===null||typeof b!=="object")return null;` +
  `if(window.${EARLY_TOPOLOGY})window.${EARLY_TOPOLOGY_BODY}=b;return{body:b}}):r})` +
  `.catch(function(){return null});`;

export type EarlyAnswer = { body: unknown } | Response | null;

/** What the inline script left on the window, or nothing outside a browser. */
const earlyWindow = () =>
  typeof window === "undefined" ? undefined : (window as unknown as Record<string, unknown>);

/** Takes both of the script's properties off the window: the answer is taken once, by one caller. */
function take(w: Record<string, unknown>): {
  early: Promise<EarlyAnswer> | undefined;
  body: unknown;
} {
  const taken = {
    early: w[EARLY_TOPOLOGY] as Promise<EarlyAnswer> | undefined,
    body: w[EARLY_TOPOLOGY_BODY],
  };
  delete w[EARLY_TOPOLOGY];
  delete w[EARLY_TOPOLOGY_BODY];
  return taken;
}

/** The early answer, if the page started one and nobody took it yet. */
export function takeEarlyTopology(): Promise<EarlyAnswer> | undefined {
  const w = earlyWindow();
  return w ? take(w).early : undefined;
}

/** The early answer's body if it has already arrived (taking it, and the answer), else undefined. */
export function takeArrivedTopology(): unknown {
  const w = earlyWindow();
  return w && w[EARLY_TOPOLOGY_BODY] != null ? take(w).body : undefined;
}
