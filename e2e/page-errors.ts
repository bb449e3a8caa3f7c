import type { Page } from "@playwright/test";

/**
 * What the page reports going wrong from now on: uncaught errors and console errors, React's report
 * of a server render its first render in the browser did not match (error #418) among them.
 */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return errors;
}
