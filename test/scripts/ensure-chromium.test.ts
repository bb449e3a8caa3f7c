import path from "node:path";
import { describe, expect, it } from "vitest";

import { findChromium } from "../../e2e/chromium";
import { ensureChromium, NO_CHROMIUM, type EnsureDeps } from "../../scripts/ensure-chromium";

const PLAYWRIGHTS = "/home/u/.cache/ms-playwright/chromium-1/chrome-linux64/chrome";

describe("findChromium", () => {
  const find = (
    files: string[],
    env: Record<string, string> = { PATH: "/usr/local/bin:/usr/bin" },
  ) =>
    findChromium(
      env,
      (p) => files.includes(p),
      () => PLAYWRIGHTS,
    );

  it("takes DX_CHROMIUM first, then the system's, then the one Playwright downloaded", () => {
    const all = ["/usr/bin/chromium", "/usr/bin/google-chrome", PLAYWRIGHTS];
    expect(find(all, { DX_CHROMIUM: "/opt/chrome/chrome", PATH: "/usr/bin" })).toEqual({
      path: "/opt/chrome/chrome",
      source: "DX_CHROMIUM",
    });
    expect(find(all)).toEqual({ path: "/usr/bin/chromium", source: "system" });
    expect(find(all.slice(1))).toEqual({ path: "/usr/bin/google-chrome", source: "system" });
    expect(find([PLAYWRIGHTS])).toEqual({ path: PLAYWRIGHTS, source: "playwright" });
  });

  it("finds chromium-browser on PATH, not only in /usr/bin", () => {
    const local = path.join("/usr/local/bin", "chromium-browser");
    expect(find([local])).toEqual({ path: local, source: "system" });
  });

  it("finds nothing on a machine without a browser", () => {
    expect(find([])).toBeUndefined();
  });
});

describe("ensureChromium", () => {
  function machine(options: { canApt: boolean; installs: Record<string, string | null> }) {
    const calls: string[] = [];
    let installed: string | undefined;
    const deps: EnsureDeps = {
      find: () => (installed ? { path: installed, source: "system" } : undefined),
      run: (command, args) => {
        const line = `${path.basename(command)} ${args.join(" ")}`;
        calls.push(line);
        const result = options.installs[line];
        if (result === undefined) return true;
        if (result === null) return false;
        installed = result;
        return true;
      },
      canApt: options.canApt,
      log: () => undefined,
    };
    return { deps, calls, find: () => installed };
  }

  it("installs nothing when a Chromium is found", () => {
    const calls: string[] = [];
    const found = ensureChromium({
      find: () => ({ path: "/usr/bin/chromium", source: "system" }),
      run: (c) => (calls.push(c), true),
      canApt: true,
      log: () => undefined,
    });
    expect(found.path).toBe("/usr/bin/chromium");
    expect(calls).toEqual([]);
  });

  it("downloads Playwright's Chromium first, and stops there when that works", () => {
    const m = machine({ canApt: true, installs: { "playwright install chromium": PLAYWRIGHTS } });
    expect(ensureChromium(m.deps).path).toBe(PLAYWRIGHTS);
    expect(m.calls).toEqual(["playwright install chromium"]);
  });

  it("falls back to apt-get as root when the download fails (a closed network)", () => {
    const m = machine({
      canApt: true,
      installs: {
        "playwright install chromium": null,
        "apt-get install -y chromium": "/usr/bin/chromium",
      },
    });
    expect(ensureChromium(m.deps).path).toBe("/usr/bin/chromium");
    expect(m.calls).toEqual([
      "playwright install chromium",
      "apt-get update",
      "apt-get install -y chromium",
    ]);
  });

  it("stops with one message saying what to install when nothing works, and never tries apt unless it may", () => {
    const m = machine({ canApt: false, installs: { "playwright install chromium": null } });
    expect(() => ensureChromium(m.deps)).toThrow(NO_CHROMIUM);
    expect(m.calls).toEqual(["playwright install chromium"]);
    expect(NO_CHROMIUM).toMatch(/apt-get install -y chromium/);
    expect(NO_CHROMIUM).toMatch(/npx playwright install chromium/);
  });
});
