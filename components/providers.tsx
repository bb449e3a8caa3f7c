"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
// Sonner also injects these styles at run time, which the production CSP (style-src with a nonce)
// blocks; bundled as a stylesheet they load from 'self'.
import "sonner/dist/styles.css";

import { getQueryClient } from "./query-client";

export function Providers({ children }: Readonly<{ children: ReactNode }>) {
  const queryClient = getQueryClient();
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster theme="system" closeButton />
    </QueryClientProvider>
  );
}
