import { describe, expect, it } from "vitest";

import { PER_TURN, turnToStart } from "./pace";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("turnToStart", () => {
  it("lets PER_TURN calls start at once and the rest in later turns, in order", async () => {
    await nextTurn();
    const started: number[] = [];
    const calls = Array.from({ length: PER_TURN * 2 + 3 }, (_, i) => {
      const wait = turnToStart();
      if (!wait) started.push(i);
      else void wait.then(() => started.push(i));
      return wait;
    });
    expect(calls.filter((w) => w === undefined)).toHaveLength(PER_TURN);
    expect(started).toEqual(Array.from({ length: PER_TURN }, (_, i) => i));

    await nextTurn();
    expect(started).toHaveLength(PER_TURN * 2);
    await nextTurn();
    expect(started).toEqual(Array.from({ length: PER_TURN * 2 + 3 }, (_, i) => i));
  });

  it("does not hold a call when the turn has room and none waits", async () => {
    await nextTurn();
    await nextTurn();
    expect(turnToStart()).toBeUndefined();
    await nextTurn();
    // A new turn: the count starts again.
    for (let i = 0; i < PER_TURN; i++) expect(turnToStart()).toBeUndefined();
    const held = turnToStart();
    expect(held).toBeInstanceOf(Promise);
    await nextTurn();
    await expect(held).resolves.toBeUndefined();
  });
});
