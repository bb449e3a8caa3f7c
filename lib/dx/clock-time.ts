// Times of day on the map ("Read at 14:03:07", recent changes), in the browser's time zone, 24-hour.
//
// Built from the Date's own fields rather than toLocaleTimeString: the first locale-aware date
// format in a page loads the locale's date patterns, 45-90 ms on the map's first render on a
// 2-core machine (measured in Chromium), all of it before the graph can paint.

const two = (n: number) => String(n).padStart(2, "0");

/** HH:MM:SS of an ISO time or epoch milliseconds, local time. An unreadable time is shown as such. */
export function clockTime(time: string | number): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return "unknown time";
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
