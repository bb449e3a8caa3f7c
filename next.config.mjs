// Next.js configuration for the dxmap dashboard.
// The dashboard reaches Direct Connect (the embedded emulator or AWS) only from
// server code in lib/aws, so nothing here needs to know about the backend.

/** @type {import("next").NextConfig} */
const nextConfig = {
  // Double-invoke effects in development to surface unsafe side effects early.
  reactStrictMode: true,
  // Do not advertise the framework in an `X-Powered-By` response header.
  poweredByHeader: false,
};

export default nextConfig;
