"use client";

import { useCallback, useSyncExternalStore } from "react";

// A yes or no the browser remembers across reloads (localStorage), read as useHydrated reads: the
// server's HTML and the render that hydrates it take "no", the browser's answer follows, so the two
// never differ. Set in one tab, it follows in the others (the storage event).

/** What was set in this page where the browser's storage refuses it (some privacy settings). */
const memory = new Map<string, boolean>();
const listeners = new Set<() => void>();

function subscribe(changed: () => void) {
  listeners.add(changed);
  window.addEventListener("storage", changed);
  return () => {
    listeners.delete(changed);
    window.removeEventListener("storage", changed);
  };
}

function read(key: string): boolean {
  const set = memory.get(key);
  if (set !== undefined) return set;
  try {
    return localStorage.getItem(key) === "1";
  } catch {
    return false;
  }
}

export function useStoredFlag(key: string): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => false,
  );
  const set = useCallback(
    (next: boolean) => {
      try {
        if (next) localStorage.setItem(key, "1");
        else localStorage.removeItem(key);
        memory.delete(key);
      } catch {
        memory.set(key, next); // remembered for this page only
      }
      for (const changed of listeners) changed();
    },
    [key],
  );
  return [on, set];
}
