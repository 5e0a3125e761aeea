// Writes Herald's OpenAPI document to openapi.json (committed), for `redocly lint` and API clients,
// and the API client's types generated from it by openapi-typescript to lib/api-client/openapi.ts.
// `tsx bin/write-openapi.ts --check` fails when either committed file is not current.
import fs from "node:fs";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { openApiDocument } from "@/lib/api/openapi-document";

export const openApiFile = path.resolve(import.meta.dirname, "../openapi.json");
export const clientTypesFile = path.resolve(import.meta.dirname, "../lib/api-client/openapi.ts");

export function renderOpenApi(): string {
  return `${JSON.stringify(openApiDocument("http://localhost:3000"), null, 2)}\n`;
}

export async function renderClientTypes(): Promise<string> {
  // A field with a default is optional in a request: the server fills it in.
  const ast = await openapiTS(JSON.parse(renderOpenApi()) as Parameters<typeof openapiTS>[0], { defaultNonNullable: false });
  return `// Generated from openapi.json by \`npm run openapi:write\` (openapi-typescript). Do not edit.\n${astToString(ast)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const outputs: [string, string][] = [
    [openApiFile, renderOpenApi()],
    [clientTypesFile, await renderClientTypes()],
  ];
  if (process.argv.includes("--check")) {
    const stale = outputs.filter(([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text);
    if (stale.length > 0) {
      console.error(`${stale.map(([file]) => path.relative(process.cwd(), file)).join(" and ")} not current: run \`npm run openapi:write\`.`);
      process.exit(1);
    }
  } else {
    for (const [file, text] of outputs) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      console.log(`Wrote ${path.relative(process.cwd(), file)}.`);
    }
  }
}
