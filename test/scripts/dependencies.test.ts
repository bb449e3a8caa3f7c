import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

// Versions with known advisories stay out: Next.js releases before 16.2.12 have published security
// advisories, so dxmap requires at least that in package.json's range, the lock file and what is
// installed.

const root = path.resolve(import.meta.dirname, "..", "..");
const json = <T>(file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8")) as T;

const MINIMUM: Record<string, string> = { next: "16.2.12" };

function compare(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split("-")[0]!.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return (x![i] ?? 0) - (y![i] ?? 0);
  return 0;
}

describe("dependencies with known advisories stay out", () => {
  const pkg = json<{ dependencies: Record<string, string> }>("package.json");
  const lock = json<{ packages: Record<string, { version: string }> }>("package-lock.json");

  for (const [name, minimum] of Object.entries(MINIMUM)) {
    it(`${name} is at least ${minimum}`, () => {
      const range = pkg.dependencies[name]!;
      // The lowest version the range allows: "^16.4.6" → 16.4.6.
      expect(
        compare(range.replace(/^[\^~>=]+/, ""), minimum),
        `package.json allows ${range}`,
      ).toBeGreaterThanOrEqual(0);
      expect(
        compare(lock.packages[`node_modules/${name}`]!.version, minimum),
        "package-lock.json",
      ).toBeGreaterThanOrEqual(0);
      expect(
        compare(json<{ version: string }>(`node_modules/${name}/package.json`).version, minimum),
        "installed",
      ).toBeGreaterThanOrEqual(0);
    });
  }
});
