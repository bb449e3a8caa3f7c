/**
 * When each account's AWS calls arrived, per service: what GET /_dxmap/calls/rates answers, so that a
 * client's pacing can be checked against a budget ("at most 5 Direct Connect calls a second per
 * account") over a whole pass of an organization's accounts, which the call log's last 100 cannot
 * show. Arrival times only (ms since the epoch), up to MAX_ARRIVALS in all, the oldest dropped first.
 */
export const MAX_ARRIVALS = 200_000;
const WINDOW_MS = 1000;

export interface AccountRate {
  account: string;
  calls: number;
  /** The first and last arrival (ISO). */
  from: string;
  to: string;
  /** The most calls that arrived within any one second (a sliding window of 1,000 ms). */
  peak: number;
  /** When that second started (ISO). */
  peakAt: string;
  /** The most calls within one second of the clock (from a whole second to the next). */
  peakClockSecond: number;
  /** Calls per second from its first call to its last (calls − 1 over the span; 0 for one call). */
  mean: number;
}

export interface RatesAnswer {
  service: string;
  windowMs: number;
  calls: number;
  accounts: AccountRate[];
  /** The highest of the accounts' peaks, and the mean of their means (accounts with two calls or more). */
  peak: number;
  mean: number;
  /** Arrivals dropped because the log was full (the figures then start later than the first call). */
  dropped: number;
}

export class CallRates {
  /** service → account → arrival times, ascending as calls arrive. */
  private arrivals = new Map<string, Map<string, number[]>>();
  /** Every arrival's service and account, oldest first from `head`. */
  private order: { service: string; account: string }[] = [];
  private head = 0;
  private dropped = 0;

  record(service: string, account: string, at: number): void {
    if (!account) return;
    let accounts = this.arrivals.get(service);
    if (!accounts) this.arrivals.set(service, (accounts = new Map()));
    const list = accounts.get(account);
    if (list) list.push(at);
    else accounts.set(account, [at]);
    this.order.push({ service, account });
    if (this.order.length - this.head > MAX_ARRIVALS) {
      // The oldest arrival of all is the first of its account's list.
      const oldest = this.order[this.head++]!;
      this.arrivals.get(oldest.service)?.get(oldest.account)?.shift();
      this.dropped += 1;
      if (this.head >= MAX_ARRIVALS / 2) {
        this.order = this.order.slice(this.head);
        this.head = 0;
      }
    }
  }

  clear(): void {
    this.arrivals.clear();
    this.order = [];
    this.head = 0;
    this.dropped = 0;
  }

  rates(service: string, account?: string): RatesAnswer {
    const accounts = [...(this.arrivals.get(service) ?? new Map<string, number[]>())]
      .filter(([name, list]) => list.length > 0 && (account === undefined || name === account))
      .map(([name, list]) =>
        rateOf(
          name,
          [...list].sort((a, b) => a - b),
        ),
      );
    const spread = accounts.filter((a) => a.calls > 1);
    return {
      service,
      windowMs: WINDOW_MS,
      calls: accounts.reduce((n, a) => n + a.calls, 0),
      accounts,
      peak: Math.max(0, ...accounts.map((a) => a.peak)),
      mean: spread.length ? spread.reduce((n, a) => n + a.mean, 0) / spread.length : 0,
      dropped: this.dropped,
    };
  }
}

function rateOf(account: string, times: number[]): AccountRate {
  let peak = 0;
  let peakAt = times[0]!;
  for (let start = 0, end = 0; end < times.length; end += 1) {
    while (times[end]! - times[start]! >= WINDOW_MS) start += 1;
    if (end - start + 1 > peak) {
      peak = end - start + 1;
      peakAt = times[start]!;
    }
  }
  const perSecond = new Map<number, number>();
  for (const t of times) {
    const s = Math.floor(t / 1000);
    perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
  }
  const span = (times[times.length - 1]! - times[0]!) / 1000;
  return {
    account,
    calls: times.length,
    from: new Date(times[0]!).toISOString(),
    to: new Date(times[times.length - 1]!).toISOString(),
    peak,
    peakAt: new Date(peakAt).toISOString(),
    peakClockSecond: Math.max(...perSecond.values()),
    mean: span > 0 ? (times.length - 1) / span : 0,
  };
}
