/**
 * The state's records grouped as the Describe operations list them: by account and region (an
 * interface under both its owner and its connection's owner, who both see it), and a Direct Connect
 * gateway's interfaces by its id. Each grouping is made on first use, in one walk over the records,
 * in the state's own order, so a listing reads exactly as a filter over every record would.
 *
 * An index describes the state as it was when it was made: the emulator drops it whenever the state
 * changes (with its kept answers: emulator.ts), and a write is handed a fresh one. In an estate of
 * 200 accounts and 20,000 interfaces (XL), walking every interface on every DescribeVirtualInterfaces
 * cost tens of milliseconds a call, a minute of CPU for one pass over every account and region.
 */
import type {
  ConnectionRecord,
  EmulatorState,
  LagRecord,
  VifRecord,
  VirtualGatewayRecord,
} from "./state";

const key = (accountId: string, region: string) => `${accountId}\u0000${region}`;

function grouped<T>(records: Iterable<T>, keysOf: (record: T) => readonly string[]) {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    for (const k of keysOf(record)) {
      const list = groups.get(k);
      if (list) list.push(record);
      else groups.set(k, [record]);
    }
  }
  return groups;
}

export class StateIndex {
  private vifs?: Map<string, VifRecord[]>;
  private connections?: Map<string, ConnectionRecord[]>;
  private lags?: Map<string, LagRecord[]>;
  private virtualGateways?: Map<string, VirtualGatewayRecord[]>;
  private attached?: Map<string, VifRecord[]>;

  constructor(private readonly state: EmulatorState) {}

  /** The interfaces an account sees in a region: those it owns and those on its connections. */
  visibleVifs(accountId: string, region: string): readonly VifRecord[] {
    this.vifs ??= grouped(Object.values(this.state.virtualInterfaces), (v) =>
      v.ownerAccount === v.connectionOwner
        ? [key(v.ownerAccount, v.region)]
        : [key(v.ownerAccount, v.region), key(v.connectionOwner, v.region)],
    );
    return this.vifs.get(key(accountId, region)) ?? [];
  }

  ownConnections(accountId: string, region: string): readonly ConnectionRecord[] {
    this.connections ??= grouped(Object.values(this.state.connections), (c) => [
      key(c.ownerAccount, c.region),
    ]);
    return this.connections.get(key(accountId, region)) ?? [];
  }

  ownLags(accountId: string, region: string): readonly LagRecord[] {
    this.lags ??= grouped(Object.values(this.state.lags), (l) => [key(l.ownerAccount, l.region)]);
    return this.lags.get(key(accountId, region)) ?? [];
  }

  ownVirtualGateways(accountId: string, region: string): readonly VirtualGatewayRecord[] {
    this.virtualGateways ??= grouped(Object.values(this.state.virtualGateways), (g) => [
      key(g.ownerAccount, g.region),
    ]);
    return this.virtualGateways.get(key(accountId, region)) ?? [];
  }

  /** The interfaces that name a Direct Connect gateway, whatever their state. */
  onGateway(directConnectGatewayId: string): readonly VifRecord[] {
    this.attached ??= grouped(Object.values(this.state.virtualInterfaces), (v) =>
      v.directConnectGatewayId ? [v.directConnectGatewayId] : [],
    );
    return this.attached.get(directConnectGatewayId) ?? [];
  }
}
