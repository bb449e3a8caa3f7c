import { expect, test, type Page } from "@playwright/test";

import { panel } from "./estate";
import { pageErrors } from "./page-errors";
import { screenshotPath } from "./screenshots";

// The map's first frame is drawn before React Flow's code has loaded (components/graph/first-frame.tsx),
// and React Flow takes over once it has. What a person would notice: the map drawn differently for a
// moment (a node or an edge that jumps when React Flow takes over), or a click in that moment lost.
// React Flow's chunk is held back here until the test has looked at the first frame. These tests only
// read the seeded estate.

/** Holds back the script that draws React Flow's nodes (its test ids) until `release` is called. */
async function holdReactFlow(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  await page.route("**/_next/static/chunks/*.js", async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes("rf__node-")) {
      held = true;
      await released;
    }
    await route.fulfill({ response, body });
  });
  return { release, held: () => held };
}

type Drawn = Record<string, { box: number[]; text?: string; path?: string }>;

/** Each node's place, size and text, and each edge's path, by id, as drawn under `nodes` and `edges`. */
function drawn(page: Page, nodes: string, edges: string): Promise<Drawn> {
  return page.evaluate(
    ([nodes, edges]: [string, string]) => {
      const out: Drawn = {};
      for (const n of document.querySelectorAll<HTMLElement>(nodes)) {
        const r = n.getBoundingClientRect();
        out[n.dataset.id!] = { box: [r.x, r.y, r.width, r.height], text: n.innerText };
      }
      for (const e of document.querySelectorAll<SVGElement>(edges))
        out[`edge ${e.dataset.id}`] = {
          box: [],
          path: e.querySelector(".react-flow__edge-path")!.getAttribute("d")!,
        };
      return out;
    },
    [nodes, edges] as [string, string],
  );
}

test("the map's first frame is drawn before React Flow's code, and React Flow takes over without moving anything", async ({
  page,
}) => {
  const errors = pageErrors(page);
  const flow = await holdReactFlow(page);
  await page.goto("/?mode=detail");
  await expect(page.locator(".dx-first-node").first()).toBeVisible();
  // The frame is drawn while React Flow's code is still on its way: it was asked for, and held.
  await expect.poll(flow.held).toBe(true);
  await expect(page.locator(".react-flow__node")).toHaveCount(0);
  const first = await drawn(page, ".dx-first-node", ".dx-first-edge");
  await page.screenshot({ path: screenshotPath("map-first-frame") });
  // Never a moment without the map: the first frame goes only once React Flow's nodes are drawn.
  await page.evaluate(() => {
    const frame = document.querySelector('[data-testid="first-frame"]')!;
    const w = window as unknown as { nodesWhenFrameWent?: number };
    new MutationObserver((_, observer) => {
      if (frame.isConnected) return;
      w.nodesWhenFrameWent = document.querySelectorAll(".react-flow__node").length;
      observer.disconnect();
    }).observe(document.body, { childList: true, subtree: true });
  });

  flow.release();
  await expect(page.getByTestId("first-frame")).toHaveCount(0);
  expect(
    await page.evaluate(
      () => (window as unknown as { nodesWhenFrameWent?: number }).nodesWhenFrameWent,
    ),
  ).toBeGreaterThan(0);
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
  const after = await drawn(page, ".react-flow__node", ".react-flow__edge");
  await page.screenshot({ path: screenshotPath("map-after-first-frame") });

  // React Flow draws what is in view; the first frame also the far ends of their edges.
  const both = Object.keys(after).filter((id) => id in first);
  expect(both.filter((id) => !id.startsWith("edge ")).length).toBeGreaterThan(10);
  expect(both.filter((id) => id.startsWith("edge ")).length).toBeGreaterThan(10);
  for (const id of both) {
    const [was, is] = [first[id]!, after[id]!];
    // The gateways' resilience is worked out once React Flow has drawn the map.
    const text = (t?: string) => t?.replace(/\nResilience:\n[^\n]*/, "");
    expect(text(is.text), `${id}'s text`).toBe(text(was.text));
    // React Flow measures its handles once drawn: their places differ from those declared in the
    // fifth decimal place.
    const numbers = (path?: string) => (path?.match(/-?[\d.]+/g) ?? []).map(Number);
    expect(is.path?.replace(/[\d.-]+/g, "0"), `${id}'s path`).toBe(
      was.path?.replace(/[\d.-]+/g, "0"),
    );
    numbers(is.path).forEach((v, i) =>
      expect(v, `${id}'s path`).toBeCloseTo(numbers(was.path)[i]!, 2),
    );
    is.box.forEach((v, i) => expect(v, `${id}'s box`).toBeCloseTo(was.box[i]!, 1));
  }
  expect(errors).toEqual([]);
});

test("a node clicked on the first frame is chosen, and stays chosen when React Flow takes over", async ({
  page,
}) => {
  const errors = pageErrors(page);
  const flow = await holdReactFlow(page);
  await page.goto("/?mode=detail");
  const chosen = page.locator('.dx-first-node[data-id^="dxvif-"]').first();
  await expect(chosen).toBeVisible();
  await expect.poll(flow.held).toBe(true);
  const id = (await chosen.getAttribute("data-id"))!;
  await chosen.click();
  await expect(page).toHaveURL(new RegExp(`selected=${id}`));
  await expect(chosen).toHaveClass(/\bselected\b/);
  await expect(panel(page)).toContainText(id);
  // A press that moves on another node pans the map, as on React Flow's: it chooses nothing.
  const other = page.locator('.dx-first-node[data-id^="dxvif-"]').nth(1);
  const box = (await other.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 32, box.y + 28, { steps: 3 });
  await page.mouse.up();
  // What a click does shows at once; time enough for it to have.
  await page.waitForTimeout(500);
  expect(page.url()).toContain(`selected=${id}`);

  flow.release();
  const node = page.getByTestId(`rf__node-${id}`);
  await expect(node).toHaveClass(/\bselected\b/);
  await expect(panel(page)).toContainText(id);
  expect(errors).toEqual([]);
});

test("the first frame pans and zooms as React Flow's map does, and React Flow takes over from there", async ({
  page,
}) => {
  const errors = pageErrors(page);
  const flow = await holdReactFlow(page);
  await page.goto("/?mode=detail");
  const first = page.locator('.dx-first-node[data-id^="dxcon-"]').first();
  await expect(first).toBeVisible();
  await expect.poll(flow.held).toBe(true);
  const id = (await first.getAttribute("data-id"))!;
  const node = page.locator(`.dx-first-node[data-id="${id}"]`);
  const box = async () => (await node.boundingBox())!;
  const before = await box();

  // A drag moves the map with the pointer, and chooses nothing.
  const pane = (await page.getByTestId("first-frame").boundingBox())!;
  const at = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.move(at.x + 120, at.y + 80, { steps: 6 });
  await page.mouse.up();
  await expect.poll(async () => Math.round((await box()).x - before.x)).toBe(120);
  expect(Math.round((await box()).y - before.y)).toBe(80);
  expect(page.url()).not.toContain("selected=");

  // A turn of the wheel zooms out about the pointer, as React Flow's does (2^(-deltaY × 0.002)): the
  // node is smaller by that much, and the point under the pointer stays where it was.
  const panned = await box();
  const pointer = { x: at.x + 120, y: at.y + 80 };
  await page.mouse.wheel(0, 200);
  const scale = 2 ** (-200 * 0.002);
  await expect
    .poll(async () => (await box()).width / panned.width, { message: "the zoom" })
    .toBeCloseTo(scale, 3);
  const zoomed = await box();
  expect(zoomed.x - pointer.x).toBeCloseTo((panned.x - pointer.x) * scale, 0);
  expect(zoomed.y - pointer.y).toBeCloseTo((panned.y - pointer.y) * scale, 0);
  await expect(page.locator(".react-flow__node")).toHaveCount(0);

  // React Flow draws the map where the first frame left it, and pans it on from there.
  flow.release();
  await expect(page.getByTestId("first-frame")).toHaveCount(0);
  const drawnByFlow = page.getByTestId(`rf__node-${id}`);
  const taken = (await drawnByFlow.boundingBox())!;
  for (const k of ["x", "y", "width", "height"] as const)
    expect(taken[k], `React Flow's ${k}`).toBeCloseTo(zoomed[k], 0);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.move(at.x - 50, at.y - 30, { steps: 6 });
  await page.mouse.up();
  await expect
    .poll(async () => Math.round((await drawnByFlow.boundingBox())!.x - taken.x))
    .toBe(-50);
  expect(errors).toEqual([]);
});
