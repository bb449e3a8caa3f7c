// The suite's one table: each figure with its value, its target and PASS or MISS, printed and written
// to .data/reliability/latest.md (Markdown, for docs/reliability.md) and latest.json (the same rows
// with the date, the machine, the commit and how long each part took).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type Part = "bad input" | "crashes" | "throttling" | "load" | "replicas";

export interface Figure {
  part: Part;
  figure: string;
  /** The value as shown, with its details. */
  value: string;
  /** The target as shown ("= 0", "≤ 15 s"); null for a figure printed for comparison only. */
  target: string | null;
  pass: boolean | null;
  /**
   * A hole another change closes (a known security item): named next to MISS, so a miss it explains
   * reads as expected until that change is in.
   */
  knownHole?: string;
}

/** A figure with a target: PASS when `ok`. */
export const figure = (
  part: Part,
  name: string,
  value: string,
  target: string,
  ok: boolean,
  knownHole?: string,
): Figure => ({
  part,
  figure: name,
  value,
  target,
  pass: ok,
  ...(knownHole ? { knownHole } : {}),
});

/** A figure printed for comparison, without a target. */
export const info = (part: Part, name: string, value: string): Figure => ({
  part,
  figure: name,
  value,
  target: null,
  pass: null,
});

const result = (f: Figure) =>
  f.pass === null ? "" : f.pass ? "PASS" : f.knownHole ? `MISS (${f.knownHole})` : "MISS";

/** A Markdown table, its columns padded so that it reads as a table in a terminal too. */
function markdownTable(header: string[], body: string[][]): string {
  const escape = (c: string) => c.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const cells = [header, ...body].map((r) => r.map(escape));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    line(cells[0]!),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...cells.slice(1).map(line),
  ].join("\n");
}

export interface Run {
  command: string;
  startedAt: Date;
  loadAtStart: number[];
  /** Seconds each part took, in the order they ran. */
  durations: Partial<Record<Part, number>>;
  /** The fast-check seed of the fuzzing. */
  seed: number;
}

function git(root: string, ...argv: string[]): string | null {
  try {
    return execFileSync("git", argv, { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

const ORDER: Part[] = ["bad input", "crashes", "throttling", "load"];

/** Prints the table and writes it to `dir`/latest.md and latest.json; true when nothing missed. */
export function report(root: string, dir: string, unordered: Figure[], run: Run): boolean {
  // Parts run side by side finish in any order; the table keeps one.
  const figures = [...unordered].sort((a, b) => ORDER.indexOf(a.part) - ORDER.indexOf(b.part));
  const markdown = markdownTable(
    ["Part", "Figure", "Value", "Target", "Result"],
    figures.map((f) => [f.part, f.figure, f.value, f.target ?? "", result(f)]),
  );
  const commit = git(root, "rev-parse", "HEAD");
  const uncommitted = (git(root, "status", "--porcelain", "--untracked-files=no") ?? "") !== "";
  const next = (
    JSON.parse(readFileSync(path.join(root, "node_modules", "next", "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  const cpus = os.cpus();
  const loads = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  const seconds = Object.entries(run.durations)
    .map(([part, s]) => `${part} ${Math.round(s!)} s`)
    .join(", ");
  const total = Math.round((Date.now() - run.startedAt.getTime()) / 1000);
  const missed = figures.filter((f) => f.pass === false);
  const measured =
    `Measured ${run.startedAt.toISOString()} with \`${run.command}\` at ` +
    `${commit ? `commit ${commit.slice(0, 7)}${uncommitted ? " (and uncommitted changes)" : ""}` : "an unknown commit"}: ` +
    `${cpus.length} × ${cpus[0]?.model ?? "?"}, load average ${loads(run.loadAtStart)} at start and ` +
    `${loads(os.loadavg())} at end; Node ${process.version}, Next.js ${next}; fast-check seed ${run.seed}. ` +
    `${total} s in all (${seconds}).`;

  console.log(`\n${markdown}\n\n${measured}`);
  console.log(
    missed.length === 0
      ? "\nEvery figure met its target."
      : `\n${missed.length} figure(s) missed: ${missed.map((f) => `${f.part}: ${f.figure}`).join("; ")}`,
  );

  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "latest.md"), `${markdown}\n\n${measured}\n`);
  writeFileSync(
    path.join(dir, "latest.json"),
    `${JSON.stringify(
      {
        date: run.startedAt.toISOString(),
        command: run.command,
        commit,
        uncommitted,
        seed: run.seed,
        machine: {
          cpuModel: cpus[0]?.model ?? "?",
          cores: cpus.length,
          loadAtStart: run.loadAtStart,
          loadAtEnd: os.loadavg(),
        },
        node: process.version,
        next,
        seconds: { total, ...run.durations },
        figures: figures.map((f) => ({ ...f, result: result(f) || null })),
      },
      null,
      2,
    )}\n`,
  );
  return missed.length === 0;
}
