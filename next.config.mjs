// Next.js configuration for the dxmap dashboard.
// The dashboard reaches Direct Connect (the embedded emulator or AWS) only from
// server code in lib/aws, so nothing here needs to know about the backend.

// Sent with every response. No Access-Control-* header is ever sent: the API is for the
// dashboard's own pages only. Pages get their Content-Security-Policy (with a per-response
// nonce) from proxy.ts; JSON responses get a policy that allows nothing.
const everywhere = [
  // Never guess a type: a JSON answer must not be run as a script or rendered as HTML.
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Resource ids and account names in URLs stay on this server.
  { key: "Referrer-Policy", value: "no-referrer" },
  // For browsers without CSP frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
  // Other sites can neither embed dxmap's responses nor keep a handle on its window.
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  },
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  // Double-invoke effects in development to surface unsafe side effects early.
  reactStrictMode: true,
  // Do not advertise the framework in an `X-Powered-By` response header.
  poweredByHeader: false,
  // Loaded by Node as they are, not bundled: PGlite finds its WebAssembly and data files beside its
  // own module, and node-postgres requires its optional native binding by name.
  serverExternalPackages: ["@electric-sql/pglite", "kysely-pglite-dialect", "pg"],
  async headers() {
    return [
      { source: "/:path*", headers: everywhere },
      {
        source: "/api/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
        ],
      },
    ];
  },
};

export default nextConfig;
