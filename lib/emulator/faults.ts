/**
 * Injected faults, for tests and demos of how clients cope: added latency, throttling
 * (ThrottlingException, "Rate exceeded") and server errors (DirectConnectServerException, HTTP 500)
 * for a fraction of calls, optionally only for one account (alias or id), region or operation.
 */
import type { Account } from "./context";

export interface FaultRule {
  id: string;
  /** Fraction of matching calls answered with ThrottlingException, 0..1. */
  throttleRate?: number;
  /** Fraction of matching calls answered with a 500 DirectConnectServerException, 0..1. */
  errorRate?: number;
  /** Milliseconds added before every matching call is answered. */
  latencyMs?: number;
  account?: string;
  region?: string;
  operation?: string;
}

export class Faults {
  rules: FaultRule[] = [];
  private seq = 0;

  add(rule: Omit<FaultRule, "id">): FaultRule {
    const stored = { ...rule, id: `fault-${++this.seq}` };
    this.rules.push(stored);
    return stored;
  }

  clear(): void {
    this.rules = [];
  }

  private matching(call: { account: Account; region: string; operation: string }) {
    return this.rules.filter(
      (r) =>
        (r.account === undefined ||
          r.account === call.account.alias ||
          r.account === call.account.accountId) &&
        (r.region === undefined || r.region === call.region) &&
        (r.operation === undefined || r.operation === call.operation),
    );
  }

  /** Waits out any latency, then says whether this call is throttled, fails, or goes ahead. */
  async apply(call: {
    account: Account;
    region: string;
    operation: string;
  }): Promise<"throttle" | "error" | undefined> {
    const rules = this.matching(call);
    const latency = rules.reduce((sum, r) => sum + (r.latencyMs ?? 0), 0);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    for (const r of rules) {
      if (r.throttleRate && Math.random() < r.throttleRate) return "throttle";
      if (r.errorRate && Math.random() < r.errorRate) return "error";
    }
    return undefined;
  }
}
