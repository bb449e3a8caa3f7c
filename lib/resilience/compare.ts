// How models compare and how paths group by location: the analysis's own rules, apart from it so that
// what the map's first load says of an analysis (the header's counts, the map's marks) does not load
// the analysis, which runs later, when the browser is idle.
import { RESILIENCE_MODELS, type ResilienceModel, type ResiliencePath } from "./types";

/** Best first: 0 is maximum. */
export const rank = (m: ResilienceModel) => RESILIENCE_MODELS.indexOf(m);
/** a is worse than b. */
export const worse = (a: ResilienceModel, b: ResilienceModel) => rank(a) > rank(b);

/** "us-east-1/EqDC2": a location code is global, but the region keeps the key readable. */
export const locationKey = (path: Pick<ResiliencePath, "region" | "location">) =>
  `${path.region}/${path.location}`;
