// How the emulator writes AWS JSON 1.1 bodies.

/** Dates in SDK output shapes go on the wire as epoch seconds. */
export function toWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}
