import type { Metadata } from "next";
import type { ReactNode } from "react";

import { SiteHeader } from "@/components/actions/site-header";
import { Providers } from "@/components/providers";

import "./globals.css";

// Rendered per request: proxy.ts gives every response a fresh CSP nonce, which Next.js can put on its
// inline scripts only while rendering; a page prerendered at build time would carry none.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "dxmap",
  description: "A live map of AWS Direct Connect: connections, virtual interfaces and BGP peers.",
};

export default function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <Providers>
          <SiteHeader />
          {children}
        </Providers>
      </body>
    </html>
  );
}
