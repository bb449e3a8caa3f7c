import { describe, expect, it } from "vitest";

import { readBody } from "./same-answer";

/** A body as the SDK's Node handler gives it: an async iterable of chunks, split where the socket split it. */
async function* chunked(text: string, ...cuts: number[]) {
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    yield Buffer.from(text.slice(at, cut));
    at = cut;
  }
}

const last = Buffer.from('{"virtualInterfaces":[{"id":"dxvif-1","state":"available"}]}');

describe("readBody", () => {
  it("finds the same bytes however the answer was split", async () => {
    expect(await readBody(chunked(last.toString(), 5, 30), last)).toBe("same");
    expect(await readBody(chunked(last.toString()), last)).toBe("same");
    expect(await readBody(new Uint8Array(last), last)).toBe("same");
  });

  it("reads an answer that differs anywhere, or in length, as its own bytes", async () => {
    const sameLength = last.toString().replace("available", "availablf");
    const cases = [sameLength, last.toString().slice(0, -1), `${last.toString()} `, ""];
    for (const text of cases) {
      const read = await readBody(chunked(text, Math.min(7, text.length)), last);
      expect(read, JSON.stringify(text)).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(read as Uint8Array).toString()).toBe(text);
    }
  });

  it("reads every answer when nothing was remembered, and nothing from a body it cannot read", async () => {
    expect(
      Buffer.from((await readBody(chunked(last.toString(), 10), undefined)) as Uint8Array).equals(
        last,
      ),
    ).toBe(true);
    expect(await readBody(undefined, last)).toBeUndefined();
  });
});
