// --profile: CPU profiles of the browser, the dashboards' servers and their emulators, summed up as
// the functions of most self time.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import type { Size } from "../../lib/emulator/seed-generated";

export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions with the most self time in a CPU profile (Chrome's or node --cpu-prof's). */
function topFunctions(file: string, count = 12): string[] {
  const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  for (const node of p.nodes) {
    const f = node.callFrame;
    const where = f.url
      ? `${f.url.replace(/^.*\/(_next|node_modules|\.next)\//, "$1/")}:${f.lineNumber + 1}:${f.columnNumber + 1}`
      : "";
    const key = `${f.functionName || "(anonymous)"} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  return [...byFunction.entries()]
    .filter(([k]) => !/^\((idle|program|garbage collector)\)/.test(k) || k.startsWith("(garbage"))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
}

/** The main thread's profile among those node --cpu-prof wrote into `dir` (the largest). */
function mainProfile(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

/**
 * The summary of one size's profiles: the browser's (`browserProfile`) and the main threads' of the
 * servers and emulators that ran under `node --cpu-prof` in `dirOf(dashboard)`.
 */
export function profileSummary(
  size: Size,
  root: string,
  dirOf: (dashboard: "cold" | "cached" | "live") => string,
  browserProfile: string | undefined,
  tableProfile?: string,
): string[] {
  const lines: string[] = [];
  const summary = (title: string, file: string | undefined) => {
    if (file)
      lines.push(
        `\n${size} ${title} (${path.relative(root, file)}), self time:`,
        ...topFunctions(file),
      );
  };
  summary("browser, load to the end of pan/zoom", browserProfile);
  summary("browser, the table view while it scrolls", tableProfile);
  summary(
    "server of the cold dashboard (all its reads)",
    mainProfile(path.join(dirOf("cold"), "server")),
  );
  summary("emulator of the cold dashboard", mainProfile(path.join(dirOf("cold"), "emulator")));
  summary(
    "server of the cached dashboard (its warm reads)",
    mainProfile(path.join(dirOf("cached"), "server")),
  );
  summary(
    "server of the dashboard the browser used",
    mainProfile(path.join(dirOf("live"), "server")),
  );
  return lines;
}
