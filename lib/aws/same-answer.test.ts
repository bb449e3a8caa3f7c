import { describe, expect, it } from "vitest";

import { fingerprintOf, readBody } from "./same-answer";

/** A body as the SDK's Node handler gives it: an async iterable of chunks, split where the socket split it. */
async function* chunked(text: string, ...cuts: number[]) {
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    yield Buffer.from(text.slice(at, cut));
    at = cut;
  }
}

const last = Buffer.from('{"virtualInterfaces":[{"id":"dxvif-1","state":"available"}]}');
const lastPrint = fingerprintOf(last);
const bytesOf = (read: Awaited<ReturnType<typeof readBody>>) => {
  expect(read).toMatchObject({ bytes: expect.any(Uint8Array) });
  return Buffer.from((read as { bytes: Uint8Array }).bytes);
};

describe("readBody", () => {
  it("finds the same bytes however the answer was split", async () => {
    expect(await readBody(chunked(last.toString(), 5, 30), lastPrint)).toBe("same");
    expect(await readBody(chunked(last.toString()), lastPrint)).toBe("same");
    expect(await readBody(new Uint8Array(last), lastPrint)).toBe("same");
  });

  it("reads an answer that differs anywhere, or in length, as its own bytes", async () => {
    const sameLength = last.toString().replace("available", "availablf");
    const cases = [sameLength, last.toString().slice(0, -1), `${last.toString()} `, ""];
    for (const text of cases) {
      const read = await readBody(chunked(text, Math.min(7, text.length)), lastPrint);
      expect(bytesOf(read).toString(), JSON.stringify(text)).toBe(text);
      // Remembered by its fingerprint, the next same answer is found the same.
      const print = (read as { fingerprint: ReturnType<typeof fingerprintOf> }).fingerprint;
      expect(await readBody(chunked(text, Math.min(3, text.length)), print)).toBe("same");
    }
  });

  it("reads every answer when nothing was remembered, and nothing from a body it cannot read", async () => {
    expect(bytesOf(await readBody(chunked(last.toString(), 10), undefined)).equals(last)).toBe(
      true,
    );
    expect(await readBody(undefined, lastPrint)).toBeUndefined();
  });
});
