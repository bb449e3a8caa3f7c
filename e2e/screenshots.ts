import path from "node:path";

// Where the browser tests save the pages they photograph. A test run writes them under the ignored
// test-results/ folder, so `npm test` leaves the tree as it found it; `npm run screenshots` points
// them at docs/screenshots/, the README's pictures.
const DIR = process.env.DX_SCREENSHOTS_DIR ?? path.join("test-results", "screenshots");

export const screenshotPath = (name: string) => path.join(DIR, `${name}.png`);
