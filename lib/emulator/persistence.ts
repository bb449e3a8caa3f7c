/**
 * The state file. An acknowledged write is on disk before its response is sent: handlers mutate the
 * in-memory state, then await `commit()`. Writes go through write-file-atomic (temp file, fsync,
 * rename), so a crash at any moment, kill -9 included, leaves the old file or the new one, never a
 * torn one. Commits that arrive while a write is in flight share the next write (group commit), so a
 * burst of writes costs a few file writes, not one each. The file holds every BGP peer's auth key,
 * so it is its owner's alone (0600, set on every write, so a file made readable is corrected), in a
 * directory made for its owner alone when the emulator creates it.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { STATE_VERSION, type EmulatorState } from "./state";

/** Version 2: no roles and no organization. */
type StateV2 = Omit<EmulatorState, "version" | "roles" | "organization"> & { version: 2 };
/** Version 1: besides, connections and LAGs had one device for both ends, failover tests no region. */
type StateV1 = Omit<StateV2, "version"> & { version: 1 };

function migrateV1(old: StateV1): StateV2 {
  const state = { ...old, version: 2 } as StateV2;
  for (const record of [...Object.values(state.connections), ...Object.values(state.lags)])
    record.awsLogicalDeviceId ??= record.awsDevice;
  for (const test of Object.values(state.tests))
    test.region ??= state.virtualInterfaces[test.virtualInterfaceId]?.region ?? "";
  return state;
}

/** Version 2 → 3: `addOrganization` gives it the organization and roles its seed has now. */
function migrateV2(old: StateV2, addOrganization: (state: EmulatorState) => void): EmulatorState {
  const state: EmulatorState = { ...old, version: STATE_VERSION, roles: {}, organization: null };
  addOrganization(state);
  return state;
}

interface Waiter {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class Persistence {
  private writing = false;
  private waiting: Waiter | null = null;
  private closed = false;

  constructor(
    readonly file: string,
    private readonly snapshot: () => EmulatorState,
  ) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  }

  /**
   * The stored state (an older version's brought up to date, `addOrganization` giving one from
   * before organizations its seed's), or undefined when there is none or it is unknown.
   */
  static load(
    file: string,
    addOrganization: (state: EmulatorState) => void = () => undefined,
  ): EmulatorState | undefined {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    const parsed = JSON.parse(text) as EmulatorState | StateV2 | StateV1;
    if (parsed.version === 1) return migrateV2(migrateV1(parsed), addOrganization);
    if (parsed.version === 2) return migrateV2(parsed, addOrganization);
    return parsed.version === STATE_VERSION ? parsed : undefined;
  }

  /** Resolves once the state as it is now is on disk. */
  commit(): Promise<void> {
    if (this.closed) return Promise.reject(new Error("The emulator is shutting down"));
    if (!this.waiting) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      this.waiting = { promise, resolve, reject };
    }
    const { promise } = this.waiting;
    if (!this.writing) void this.flush();
    return promise;
  }

  private async flush(): Promise<void> {
    while (this.waiting) {
      const batch = this.waiting;
      this.waiting = null;
      this.writing = true;
      try {
        await writeFileAtomic(this.file, JSON.stringify(this.snapshot()), {
          fsync: true,
          mode: 0o600,
        });
        batch.resolve();
      } catch (error) {
        batch.reject(error);
      } finally {
        this.writing = false;
      }
    }
  }

  /** Waits for the last write, then refuses new ones. */
  async close(): Promise<void> {
    if (this.waiting || this.writing) await this.commit().catch(() => undefined);
    this.closed = true;
  }
}
