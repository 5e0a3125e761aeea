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
};

export default nextConfig;
