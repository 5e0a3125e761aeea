import createNextIntlPlugin from "next-intl/plugin";

// Locale and messages per request: i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that it loads from its own package folder at run time;
  // bundling it would break those paths, so it stays a plain Node.js dependency.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  poweredByHeader: false,
  // forbidden() answers admin pages with a real 403 for non-admins.
  experimental: { authInterrupts: true },
  // `.data/` holds the embedded database; `tests/` writes screenshots. Neither is app source.
  outputFileTracingExcludes: { "*": [".data/**", "tests/**"] },
  // Headers that hold whatever the configuration; pages also get a per-request CSP (proxy.ts).
  async headers() {
    const everywhere = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    ];
    return [
      { source: "/:path*", headers: everywhere },
      // HSTS means something only over HTTPS (behind a proxy that says so).
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
      // JSON and event streams: nothing in an API answer may run, load or be framed.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default withNextIntl(nextConfig);
