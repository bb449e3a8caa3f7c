/**
 * The AWS devices connections terminate on. Each location has a small pool of them (two or three,
 * named as AWS names them: `EqDC2-2bx9a3dkf7ux1`), the same pool in every estate, as AWS's devices
 * are AWS's, not an account's. Every connection, LAG and hosted connection lands on one of them, so
 * two connections at one location may share a device: the single-device trap the Resiliency Toolkit
 * warns of ("two connections on the same AWS device are one failure domain"). LAG members terminate
 * on their LAG's device.
 *
 * `awsDevice` is where the physical connection terminates (answered as awsDeviceV2 and its deprecated
 * alias awsDevice), `awsLogicalDeviceId` where the logical one does. On some devices they differ:
 * those offer logical redundancy (`hasLogicalRedundancy` "yes": an interface there may have a second
 * BGP peer of a family, on the other logical device). Emulator choice: which devices do, and the
 * pools themselves; no public source lists AWS's devices.
 */
import type { HasLogicalRedundancy } from "@aws-sdk/client-direct-connect";
import { hashSeed, Ids, seededRandom } from "./ids";

export interface Placement {
  awsDevice: string;
  awsLogicalDeviceId: string;
  hasLogicalRedundancy: HasLogicalRedundancy;
}

/** A connection on `awsDevice`, its logical connection on `awsLogicalDeviceId` (the same by default). */
export const placement = (awsDevice: string, awsLogicalDeviceId = awsDevice): Placement => ({
  awsDevice,
  awsLogicalDeviceId,
  hasLogicalRedundancy: awsLogicalDeviceId === awsDevice ? "no" : "yes",
});

const pools = new Map<string, readonly Placement[]>();

/**
 * The location's devices, from a source of their own (seeded by the location's code), so that
 * making them draws nothing from an estate's ids.
 */
export function devicePool(location: string): readonly Placement[] {
  let pool = pools.get(location);
  if (!pool) {
    const random = seededRandom(hashSeed(`devices/${location}`));
    const ids = new Ids(random);
    const name = () => ids.device(location, random.next() < 0.5 ? 12 : 13);
    const size = random.next() < 0.5 ? 2 : 3;
    pool = Array.from({ length: size }, () => {
      const physical = name();
      return placement(physical, random.next() < 0.3 ? name() : physical);
    });
    pools.set(location, pool);
  }
  return pool;
}

/** The `index`th device of the location's pool (wrapping), for a seed that places a connection by design. */
export const poolDevice = (location: string, index: number): Placement => {
  const pool = devicePool(location);
  return pool[index % pool.length]!;
};

/**
 * The pool device a connection lands on, chosen by a device name drawn for it: the same name always
 * lands on the same device. Seeds draw that name from their own ids exactly as they did before
 * devices had pools, so every id drawn after it stays as it was.
 */
export const deviceFor = (drawn: string, location: string): Placement =>
  poolDevice(location, hashSeed(drawn));
