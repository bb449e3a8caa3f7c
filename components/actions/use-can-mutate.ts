"use client";

import { useDxConfig } from "../use-topology";

/**
 * Whether to show mutating controls: only once the config has said the user may change things, so a
 * read-only user never sees a button flash before it goes (the server refuses them all the same).
 */
export function useCanMutate(): boolean {
  const { data } = useDxConfig();
  return data !== undefined && !data.readOnly;
}
