import { historyJourney } from "./history-journey";
import { E2E_SERVERS } from "./servers";

// History on the main dashboard, its store PGlite as `npm start` keeps it (.data/history).
historyJourney(E2E_SERVERS.main, { photographs: true });
