// Radix locks page scroll with a <style> element (react-remove-scroll through react-style-singleton),
// which the production CSP blocks unless it carries the page's nonce. That library takes the nonce from
// the global `__webpack_nonce__`, which the bundle leaves as a plain global; Next.js puts the same
// nonce on its own scripts, where the `nonce` property (not the attribute, which browsers hide) reads it.

declare global {
  var __webpack_nonce__: string | undefined;
}

/** Makes the page's CSP nonce available to libraries that insert style elements. Idempotent. */
export function adoptPageNonce(): void {
  if (typeof document === "undefined" || globalThis.__webpack_nonce__) return;
  const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
  if (nonce) globalThis.__webpack_nonce__ = nonce;
}
