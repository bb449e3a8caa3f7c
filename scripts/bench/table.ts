// The table view's figure: frame times while its 5,000 (or 1,000, or 50) interface rows scroll under
// the mouse wheel, as a person scrolls them: a notch of 200 px as fast as input is sent (about 5,000 px,
// 140 rows, a second here), down for a while and back up, so that rows keep coming into the DOM.
// Frames from requestAnimationFrame, as for pan and zoom.
import type { Browser } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { Size } from "../../lib/emulator/seed-generated";
import { newPage } from "./browser";
import type { Dashboard } from "./dashboards";
import { log, sleep } from "./log";
import { bench } from "./page-instrumentation";
import type { CpuProfile } from "./profiles";
import { median, percentile } from "./stats";

const SCROLL_MS = 5_000;
const WHEEL_PX = 200;
/** Wheel events one way before turning back. */
const WHEELS_EACH_WAY = 40;

export interface TableResult {
  rows: number;
  frameP50: number;
  frameP95: number;
  frames: number;
  longestTask: number;
  /** Wheel events sent, and how far the table scrolled in all. */
  wheels: number;
  scrolledPx: number;
  profile?: string;
}

export async function measureTable(
  size: Size,
  browser: Browser,
  dashboard: Dashboard,
  /** Where to write a CPU profile of the page while it scrolls. */
  profileDir?: string,
): Promise<TableResult> {
  const { context, page } = await newPage(browser);
  const cdp = profileDir ? await context.newCDPSession(page) : undefined;
  try {
    await page.goto(`${dashboard.url}/table`);
    await page.getByTestId("table-row").first().waitFor({ timeout: 60_000 });
    const rows = Number(await page.getByRole("table").getAttribute("aria-rowcount")) - 1;
    // Let the first render's work (and the first poll) pass before measuring.
    await sleep(1_500);
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
      await cdp.send("Profiler.start");
    }
    const t0 = await page.evaluate(() => performance.now());
    await bench(page, (b) => b.startFrames());
    const scroller = page.getByTestId("table-scroll");
    const box = (await scroller.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const scrollTop = () => scroller.evaluate((el) => el.scrollTop);
    let wheels = 0;
    let scrolledPx = 0;
    let at = await scrollTop();
    const end = Date.now() + SCROLL_MS;
    while (Date.now() < end) {
      const down = Math.floor(wheels / WHEELS_EACH_WAY) % 2 === 0;
      await page.mouse.wheel(0, down ? WHEEL_PX : -WHEEL_PX);
      wheels++;
      if (wheels % 10 === 0) {
        const now = await scrollTop();
        scrolledPx += Math.abs(now - at);
        at = now;
      }
      await sleep(16);
    }
    scrolledPx += Math.abs((await scrollTop()) - at);
    const frames = await bench(page, (b) => b.stopFrames());
    let profile: string | undefined;
    if (cdp && profileDir) {
      const { profile: cpu } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
      mkdirSync(profileDir, { recursive: true });
      profile = path.join(profileDir, `${size}-table.cpuprofile`);
      writeFileSync(profile, JSON.stringify(cpu));
    }
    const tasks = await bench(page, (b) => b.longtasks);
    const longestTask = tasks
      .filter((t) => t.start >= t0)
      .reduce((m, t) => Math.max(m, t.duration), 0);
    const result = {
      rows,
      frameP50: median(frames),
      frameP95: percentile(frames, 95),
      frames: frames.length,
      longestTask,
      wheels,
      scrolledPx,
      ...(profile ? { profile } : {}),
    };
    log(
      `${size}: table of ${rows} rows: ${wheels} wheel events scrolled ${scrolledPx} px in ${frames.length} frames, p95 ${result.frameP95.toFixed(1)} ms`,
    );
    return result;
  } finally {
    await context.close();
  }
}
