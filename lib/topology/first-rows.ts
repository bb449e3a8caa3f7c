/**
 * How many rows of a long list a page shows at once, before the rest frame by frame
 * (components/use-progressive.ts); a page rendered on the server renders as many.
 */
export const FIRST_ROWS = 60;
