// Times of day and counts on the map ("Read at 14:03:07", "15,626 nodes"), formatted without Intl,
// and AWS's names of things as the map says them.
//
// The first locale-aware format in a page (a toLocaleTimeString, a number's toLocaleString, a
// localeCompare) loads the locale's ICU data, which takes long enough to show in the first paint
// (docs/performance.md). On the map's first render that is all before the graph can paint, so what
// the first render shows is built from plain fields.

const two = (n: number) => String(n).padStart(2, "0");

/** HH:MM:SS of an ISO time or epoch milliseconds, local time, 24-hour. An unreadable time says so. */
export function clockTime(time: string | number): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return "unknown time";
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** An integer with thousands separated by commas: 15626 → "15,626". */
export function count(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return n < 0 ? `-${grouped}` : grouped;
}

/** AWS's type of an associated gateway (`associatedGateway.type`), as an engineer says it. */
export function associatedGatewayKind(type: string | null): string {
  switch (type) {
    case "transitGateway":
      return "Transit gateway";
    case "virtualPrivateGateway":
      return "Virtual private gateway";
    default:
      return "Associated gateway";
  }
}
