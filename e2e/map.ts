import type { Page } from "@playwright/test";

/**
 * The "region · account" of the band a node is drawn in, as a person reads it: the label nearest
 * above the node. Every band's label is drawn (they are few), in the map's own coordinates.
 */
export function bandOf(page: Page, id: string): Promise<string> {
  return page.evaluate((id) => {
    const node = document.querySelector(`[data-testid="rf__node-${CSS.escape(id)}"]`);
    if (!node) throw new Error(`${id} is not drawn`);
    const top = node.getBoundingClientRect().top;
    let best: { top: number; text: string } | undefined;
    for (const label of document.querySelectorAll('[data-testid="map-group"]')) {
      const r = label.getBoundingClientRect();
      if (r.top <= top && (!best || r.top > best.top))
        best = { top: r.top, text: label.firstElementChild?.textContent ?? "" };
    }
    return best?.text ?? "";
  }, id);
}
