// Builds the host-app kit (kit/index.ts) for host apps: public/kit/herald-kit.js, an ES module
// that imports React from the host's bundle; public/kit/herald-kit.standalone.js, the same with
// React inside (it also exports React and createRoot), for a page without a bundler; and their
// type declarations, public/kit/herald-kit.d.ts. Run before `next dev` and `next build`.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { build, type BuildOptions } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "public/kit");

await fs.rm(out, { recursive: true, force: true });
await fs.mkdir(out, { recursive: true });
const common: BuildOptions = {
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  jsx: "automatic",
  alias: { "@": root },
  // next/link reads process.env.__NEXT_* flags when its module loads; a host page has no `process`.
  define: { "process.env.NODE_ENV": '"production"', "process.env": "{}" },
  logLevel: "warning",
};
await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(root, "kit/index.ts")],
    outfile: path.join(out, "herald-kit.js"),
    // One React on the page: the host's.
    external: ["react", "react-dom", "react/jsx-runtime"],
  }),
  build({ ...common, entryPoints: [path.join(root, "kit/standalone.ts")], outfile: path.join(out, "herald-kit.standalone.js") }),
  promisify(execFile)(path.join(root, "node_modules/.bin/tsc"), ["-p", path.join(root, "kit/tsconfig.json")], { cwd: root }),
]);

// The declarations import Herald's own modules as "@/…": a host app resolves them relatively.
const types = path.join(out, "types");
for (const file of await fs.readdir(types, { recursive: true })) {
  if (!file.endsWith(".d.ts")) continue;
  const full = path.join(types, file);
  const text = await fs.readFile(full, "utf8");
  const relative = (target: string) => {
    const to = path.relative(path.dirname(full), path.join(types, target)).split(path.sep).join("/");
    return to.startsWith(".") ? to : `./${to}`;
  };
  await fs.writeFile(full, text.replace(/(["'])@\/([^"']+)\1/g, (_m, quote: string, target: string) => `${quote}${relative(target)}${quote}`));
}
await fs.writeFile(path.join(out, "herald-kit.d.ts"), 'export * from "./types/kit/index";\n');
await fs.writeFile(path.join(out, "herald-kit.standalone.d.ts"), 'export * from "./types/kit/standalone";\n');
console.log(`kit: ${path.relative(root, out)}/herald-kit{,.standalone}.{js,d.ts}`);
