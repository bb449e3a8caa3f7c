import { afterEach, describe, expect, it, vi } from "vitest";

import {
  EARLY_TOPOLOGY,
  EARLY_TOPOLOGY_BODY,
  EARLY_TOPOLOGY_SCRIPT,
  takeArrivedTopology,
  takeEarlyTopology,
} from "./early-topology";

// The inline script runs in the page before any of the app's JavaScript: here it runs against a
// stand-in window and fetch, and the app's side takes what it left, as the browser would.
type Win = Record<string, unknown>;

function runScript(answer: () => Promise<Response>): Win {
  const win: Win = {};
  vi.stubGlobal("window", win);
  new Function("window", "fetch", EARLY_TOPOLOGY_SCRIPT)(win, answer);
  return win;
}

const json = (body: string, status = 200) =>
  new Response(body, { status, headers: { "Content-Type": "application/json" } });
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.unstubAllGlobals());

describe("the early topology read", () => {
  it("parses a successful answer as it arrives; the query then starts with it, and nothing stays behind", async () => {
    const win = runScript(async () => json('{"version":"v1","virtualInterfaces":[]}'));
    await settled();
    expect(win[EARLY_TOPOLOGY_BODY]).toEqual({ version: "v1", virtualInterfaces: [] });
    expect(takeArrivedTopology()).toEqual({ version: "v1", virtualInterfaces: [] });
    expect(win[EARLY_TOPOLOGY]).toBeUndefined();
    expect(win[EARLY_TOPOLOGY_BODY]).toBeUndefined();
    expect(takeEarlyTopology()).toBeUndefined();
  });

  it("hands a query that starts first the answer itself, and leaves no body on the window", async () => {
    let answer!: (r: Response) => void;
    const win = runScript(() => new Promise((resolve) => (answer = resolve)));
    expect(takeArrivedTopology()).toBeUndefined();
    const early = takeEarlyTopology();
    answer(json('{"version":"v2"}'));
    expect(await early).toEqual({ body: { version: "v2" } });
    await settled();
    expect(win[EARLY_TOPOLOGY_BODY]).toBeUndefined();
  });

  it("leaves a refusal as its Response, for the query to report AWS's or dxmap's message", async () => {
    runScript(async () => json('{"error":{"code":"backend_unavailable","message":"down"}}', 503));
    await settled();
    expect(takeArrivedTopology()).toBeUndefined();
    const early = await takeEarlyTopology();
    expect(early).toBeInstanceOf(Response);
    expect((early as Response).status).toBe(503);
  });

  it("gives up on a network failure or an answer that is not a JSON object: the query reads again", async () => {
    for (const answer of [
      () => Promise.reject(new TypeError("Failed to fetch")),
      async () => json("not json"),
      async () => json("null"),
      async () => json("42"),
    ]) {
      runScript(answer);
      await settled();
      expect(takeArrivedTopology()).toBeUndefined();
      expect(await takeEarlyTopology()).toBeNull();
    }
  });
});
