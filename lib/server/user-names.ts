// User names as dxmap compares them: "Bob", " bob" and "ｂｏｂ" (fullwidth, as an IME types it) are
// one user, as they are to most identity providers, which match names without case. A name listed in
// one spelling and signed in with another must neither slip past a deny-list (DX_READ_ONLY_USERS) nor
// miss an allow-list (DX_WRITERS). NFKC folds compatibility forms (fullwidth letters, ligatures) and
// composes accents; then lower case, and no space at either end.
// No "server-only" marker: scripts/start.ts checks DX_AUTH_USERS with it before anything starts.

export function normalizeUserName(name: string): string {
  return name.normalize("NFKC").toLowerCase().trim();
}
