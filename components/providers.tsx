"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import type { ReactNode } from "react";
// Sonner also injects these styles at run time, which the production CSP (style-src with a nonce)
// blocks; bundled as a stylesheet they load from 'self'.
import "sonner/dist/styles.css";

import { getQueryClient } from "./query-client";

// Toasts follow actions, which load after the first paint; so does the toaster.
const Toaster = dynamic(() => import("sonner").then((m) => m.Toaster), { ssr: false });

export function Providers({ children }: Readonly<{ children: ReactNode }>) {
  const queryClient = getQueryClient();
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster theme="system" closeButton />
    </QueryClientProvider>
  );
}
