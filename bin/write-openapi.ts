// Writes Herald's OpenAPI document to openapi.json (committed), for `redocly lint` and API clients.
// `tsx bin/write-openapi.ts --check` fails when the committed file is not current.
import fs from "node:fs";
import path from "node:path";
import { openApiDocument } from "@/lib/api/openapi-document";

export const openApiFile = path.resolve(import.meta.dirname, "../openapi.json");

export function renderOpenApi(): string {
  return `${JSON.stringify(openApiDocument("http://localhost:3000"), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const text = renderOpenApi();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(openApiFile) && fs.readFileSync(openApiFile, "utf8") === text;
    if (!current) {
      console.error("openapi.json is not current: run `npm run openapi:write`.");
      process.exit(1);
    }
  } else {
    fs.writeFileSync(openApiFile, text);
    console.log(`Wrote ${path.relative(process.cwd(), openApiFile)}.`);
  }
}
