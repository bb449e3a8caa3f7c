// Follow nextToken, but never forever.
const MAX_PAGES = 100;

/** Every page of a paged AWS list, in order (at most MAX_PAGES of them). */
export async function allPages<T>(
  page: (
    nextToken: string | undefined,
  ) => Promise<{ items: T[] | undefined; nextToken: string | undefined }>,
): Promise<T[]> {
  const all: T[] = [];
  let nextToken: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const out = await page(nextToken);
    all.push(...(out.items ?? []));
    nextToken = out.nextToken || undefined;
    if (!nextToken) break;
  }
  return all;
}
