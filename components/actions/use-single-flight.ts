"use client";

import { useRef } from "react";

/**
 * Runs `task` once at a time: a second submit while the first is still validating or waiting for the
 * server is dropped, so a double click sends one request even before the form re-renders disabled.
 */
export function useSingleFlight<A extends unknown[]>(task: (...args: A) => Promise<void>) {
  const running = useRef(false);
  return async (...args: A) => {
    if (running.current) return;
    running.current = true;
    try {
      await task(...args);
    } finally {
      running.current = false;
    }
  };
}
