"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useEffect, useState, type ReactNode } from "react";
// Sonner also injects these styles at run time, which the production CSP (style-src with a nonce)
// blocks; bundled as a stylesheet they load from 'self'.
import "sonner/dist/styles.css";

import { getQueryClient } from "./query-client";

// Toasts follow actions, which a person starts with a click or a key: the toaster's code loads at the
// first one, not with the page (rendered from the start, it was part of every page's first load). A
// toast made before it mounts is not lost: Sonner shows a Toaster the toasts still active when it
// subscribes.
const Toaster = dynamic(() => import("sonner").then((m) => m.Toaster), { ssr: false });

/** What starts an action: a click also without a pointer (a screen reader's), a key. */
const INTERACTIONS = ["pointerdown", "click", "keydown"] as const;

/** False until the person first presses a pointer or a key on the page. */
function useInteracted() {
  const [interacted, setInteracted] = useState(false);
  useEffect(() => {
    if (interacted) return;
    const on = () => setInteracted(true);
    for (const type of INTERACTIONS) document.addEventListener(type, on, true);
    return () => {
      for (const type of INTERACTIONS) document.removeEventListener(type, on, true);
    };
  }, [interacted]);
  return interacted;
}

export function Providers({ children }: Readonly<{ children: ReactNode }>) {
  const queryClient = getQueryClient();
  const interacted = useInteracted();
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      {interacted ? <Toaster theme="system" closeButton /> : null}
    </QueryClientProvider>
  );
}
