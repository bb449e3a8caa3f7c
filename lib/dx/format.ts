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

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

/**
 * When something ends, local time, as a clock shows it: "14:32" today, "Wed 14:32" within the next
 * six days (a failover test lasts at most three), "27 Nov 14:32" otherwise.
 */
export function endTime(time: string | number, now: number = Date.now()): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return "unknown time";
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  const today = new Date(now);
  today.setHours(0, 0, 0, 0);
  const days = Math.floor((d.getTime() - today.getTime()) / 86_400_000);
  if (days === 0) return hm;
  if (days > 0 && days < 7) return `${WEEKDAYS[d.getDay()]} ${hm}`;
  return dateTime(d.getTime());
}

/** A date and time, local, "27 Nov 2026 14:32" (the year only when it is not this one). */
export function dateTime(time: string | number, now: number = Date.now()): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return "unknown time";
  const year = d.getFullYear() === new Date(now).getFullYear() ? "" : ` ${d.getFullYear()}`;
  return `${d.getDate()} ${MONTHS[d.getMonth()]}${year} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** A duration in minutes as an engineer says it: "45 min", "3 h", "1 h 30 min". */
export function minutesText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ""}`;
}

/** What an interface and its tested sessions say during a failover test: "Failover test · ends 14:32". */
export function failoverTestText(
  test: { endsAt: string | null } | null,
  now: number = Date.now(),
): string {
  return test?.endsAt ? `Failover test · ends ${endTime(test.endsAt, now)}` : "Failover test";
}

/**
 * How long something lasted, to the two largest units an engineer reads at a glance: "12 s",
 * "3 min", "3 h 12 min", "2 d 4 h". Under a second is "0 s"; a negative or unreadable span, "—".
 */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  const days = Math.floor(hours / 24);
  return `${days} d${hours % 24 ? ` ${hours % 24} h` : ""}`;
}

/** A fraction as a percentage with one decimal, never rounded up to 100 % unless it is whole. */
export function percentText(fraction: number): string {
  const tenths = Math.floor(fraction * 1000) / 10;
  return `${tenths === Math.trunc(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)} %`;
}

/** When something happened, local time: "14:03:07" today, "27 Nov 14:03" before (a year when not this one). */
export function eventTime(time: string | number, now: number = Date.now()): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return "unknown time";
  return d.toDateString() === new Date(now).toDateString()
    ? clockTime(d.getTime())
    : dateTime(d.getTime(), now);
}
