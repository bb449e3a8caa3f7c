// How the pages' views are written in their URLs, pure so that a page rendered on the server reads
// its URL as the browser does (components/use-url-state.ts keeps the view there).

/** What a page reads its view from: the browser's search params or the server's. */
export interface ParamsLike {
  get(name: string): string | null;
}

/** A comma-separated list (`accounts=a,b`); empty when absent. */
export const list = (value: string | null) => (value ? value.split(",").filter(Boolean) : []);

/** A sort as the URL has it; ascending unless it says otherwise. */
export const readSort = (params: ParamsLike) => ({
  sort: params.get("sort") ?? "",
  dir: params.get("dir") === "desc" ? ("desc" as const) : ("asc" as const),
});

/** A sort in the URL: `sort=` a column's key, `dir=desc` only when it is not ascending. */
export const sortParams = (state: { sort: string; dir: string }) => ({
  sort: state.sort,
  dir: state.sort && state.dir === "desc" ? "desc" : "",
});
