import { expect, type APIRequestContext } from "@playwright/test";

import { E2E_SERVERS } from "./servers";

/** The default-seed dashboard's emulator, whose control API the tests that change it drive. */
export const emulator = E2E_SERVERS.main.emulatorUrl;

/**
 * A call to the emulator's control API (lib/emulator/README.md), which must succeed: the main
 * dashboard's emulator unless `at` names another.
 */
export async function control(
  request: APIRequestContext,
  method: "POST" | "DELETE",
  path: string,
  data?: unknown,
  at: string = emulator,
) {
  const res = await request.fetch(`${at}${path}`, {
    method,
    ...(data !== undefined ? { data } : {}),
  });
  expect(res.ok(), `${method} ${path}`).toBe(true);
}
