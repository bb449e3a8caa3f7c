import { describe, expect, it } from "vitest";

import { runPaced } from "./run-paced";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("runPaced", () => {
  it("runs every item, never more than the limit at once", async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await runPaced(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async (i) => {
        running++;
        most = Math.max(most, running);
        await tick(i % 3);
        running--;
        done.push(i);
      },
    );
    expect(most).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("carries on past a task that fails", async () => {
    const done: string[] = [];
    await runPaced(["a", "b", "c", "d"], 2, async (x) => {
      if (x === "a") throw new Error("refused");
      await tick(1);
      done.push(x);
    });
    expect(done.sort()).toEqual(["b", "c", "d"]);
  });

  it("starts in order and does nothing for no items", async () => {
    const started: number[] = [];
    await runPaced([1, 2, 3], 1, async (i) => {
      started.push(i);
    });
    expect(started).toEqual([1, 2, 3]);
    await runPaced([], 4, async () => {
      throw new Error("never");
    });
  });
});
