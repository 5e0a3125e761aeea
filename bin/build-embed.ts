// Builds the embeddable bell for host apps' pages: public/embed/herald-bell.js (React, the
// store and the notification center in one script) and herald-bell.css (Tailwind, compiled
// for exactly the classes those components use). Run before `next dev` and `next build`.
import fs from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import postcss from "postcss";
import tailwindcss from "@tailwindcss/postcss";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "public/embed");

await fs.mkdir(out, { recursive: true });
await build({
  entryPoints: [path.join(root, "components/embed/mount-herald-bell.tsx")],
  outfile: path.join(out, "herald-bell.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2022",
  jsx: "automatic",
  alias: { "@": root },
  // next/link reads process.env.__NEXT_* flags when its module loads; a host page has no `process`.
  define: { "process.env.NODE_ENV": '"production"', "process.env": "{}" },
  logLevel: "warning",
});
// Tailwind scans only the components the bell renders; the theme is the app's own.
const theme = (await fs.readFile(path.join(root, "app/globals.css"), "utf8")).replace('@import "tailwindcss";', "");
const source = `@import "tailwindcss" source(none);\n@source "../notifications";\n@source "./";\n${theme}\n:host { all: initial; display: inline-block; }\n`;
const from = path.join(root, "components/embed/herald-bell.css");
// Tailwind gives its variables (translate, shadows, rings…) their initial values through
// @property, which a shadow root ignores, and keeps a fallback for browsers without @property
// behind @supports. Inside the bell's shadow root that fallback must always apply, or a class
// like translate-x-4 (the pop-up switch's knob) does nothing.
const unconditionalDefaults: postcss.AcceptedPlugin = {
  postcssPlugin: "herald-shadow-root-property-defaults",
  OnceExit(css) {
    css.walkAtRules("layer", (layer) => {
      if (layer.params !== "properties") return;
      layer.walkAtRules("supports", (supports) => {
        supports.replaceWith(supports.nodes ?? []);
      });
    });
  },
};
const result = await postcss([tailwindcss({ base: root, optimize: true }), unconditionalDefaults]).process(source, { from });
await fs.writeFile(path.join(out, "herald-bell.css"), result.css);
console.log(`embed: ${path.relative(root, out)}/herald-bell.{js,css}`);
