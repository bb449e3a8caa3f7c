import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import {
  startChild,
  stopChildren,
  waitForOutput,
  waitUntil,
  type ChildSpec,
} from "../../scripts/processes";

// The child-process handling npm start and the bench share: what each leaves running when stopped.

const dir = mkdtempSync(path.join(os.tmpdir(), "dxmap-processes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const node = (name: string, script: string, spec: Partial<ChildSpec> = {}) =>
  startChild({
    name,
    command: process.execPath,
    args: ["-e", script],
    env: process.env,
    cwd: dir,
    logPath: path.join(dir, `${name}.log`),
    ...spec,
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// A child that starts a grandchild, names it, and then waits to be stopped.
const PARENT = `
  const { spawn } = require("node:child_process");
  const grandchild = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  console.log("grandchild " + grandchild.pid);
  setInterval(() => {}, 1000);
`;

describe("child processes", () => {
  it("stops a grouped child with its group: no grandchild is left running", async () => {
    const child = node("grouped", PARENT, { group: true });
    await waitForOutput(child, "grandchild ", 10_000);
    const grandchild = Number(/grandchild (\d+)/.exec(child.output)![1]);
    expect(alive(grandchild)).toBe(true);
    await stopChildren([child], 5_000);
    expect(child.hasExited).toBe(true);
    expect(
      await waitUntil(async () => !alive(grandchild), {
        timeoutMs: 5_000,
        intervalMs: 50,
        giveUp: () => false,
      }),
    ).toBe("ready");
  });

  it("kills a child that ignores SIGTERM once the grace period is over, and says so", async () => {
    const child = node(
      "stubborn",
      `process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000);`,
    );
    await waitForOutput(child, "ready", 10_000);
    const killed: string[] = [];
    await stopChildren([child], 200, (c) => killed.push(c.name));
    expect(killed).toEqual(["stubborn"]);
    expect(child.process.signalCode).toBe("SIGKILL");
  });

  it("stops waiting for output when the child exits first, with the end of its output", async () => {
    const child = node("quitter", `console.log("no luck"); process.exit(3);`);
    await expect(waitForOutput(child, "ready", 10_000)).rejects.toThrow(
      /quitter exited before it was ready[^]*no luck/,
    );
  });

  it("waits until a check holds, gives up or times out", async () => {
    let n = 0;
    const opts = { timeoutMs: 2_000, intervalMs: 10 };
    expect(await waitUntil(async () => ++n === 3, { ...opts, giveUp: () => false })).toBe("ready");
    expect(await waitUntil(async () => false, { ...opts, giveUp: () => true })).toBe("gave up");
    expect(
      await waitUntil(async () => false, { timeoutMs: 50, intervalMs: 10, giveUp: () => false }),
    ).toBe("timeout");
  });
});
