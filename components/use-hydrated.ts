"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => undefined;

/**
 * False on the server and while React hydrates the server's HTML, true from then on. Data that can
 * arrive before a part of the page hydrates (the map's first read starts from the HTML) is shown only
 * once hydrated, so the first client render matches what the server rendered.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
