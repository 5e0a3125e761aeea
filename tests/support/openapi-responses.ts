import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openApiDocument } from "@/lib/api/openapi-document";

type Operation = { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
const methods = ["get", "put", "post", "patch", "delete"] as const;

/**
 * Checks answers against Herald's OpenAPI document: the status must be one the operation
 * documents and the JSON body must match that status's schema. It records which operations
 * were seen, so a test can tell when the document has one it never exercised.
 */
export function openApiResponses() {
  const doc = openApiDocument() as unknown as { paths: Record<string, Partial<Record<(typeof methods)[number], Operation>>> };
  const id = "https://herald.invalid/openapi.json";
  // The document is OpenAPI 3.1, whose schemas are JSON Schema 2020-12; its other keys are not keywords.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(doc, id);
  const seen = new Set<string>();
  const all = Object.values(doc.paths).flatMap((item) => methods.flatMap((m) => (item[m] ? [item[m]!.operationId] : [])));
  const pointer = (...parts: string[]) => parts.map((p) => encodeURIComponent(p.replaceAll("~", "~0").replaceAll("/", "~1"))).join("/");

  return {
    /** Throws unless `response` (with its parsed `body`) is what the document says of `path`/`method`. */
    check(path: string, method: (typeof methods)[number], response: Response, body: unknown) {
      const operation = doc.paths[path]?.[method];
      if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in the OpenAPI document`);
      const documented = operation.responses[String(response.status)];
      if (!documented) throw new Error(`${operation.operationId} answered ${response.status}, which the document does not list (${Object.keys(operation.responses).join(", ")})`);
      seen.add(operation.operationId);
      const json = documented.content?.["application/json"];
      if (!json) {
        if (body !== undefined && body !== null && body !== "") throw new Error(`${operation.operationId} ${response.status} has a body the document does not describe`);
        return;
      }
      const validate = ajv.getSchema(`${id}#/${pointer("paths", path, method, "responses", String(response.status), "content", "application/json", "schema")}`);
      if (!validate) throw new Error(`no schema for ${operation.operationId} ${response.status}`);
      if (!validate(body)) throw new Error(`${operation.operationId} ${response.status} does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
    },
    /** Operations in the document that no checked answer belonged to. */
    unexercised: () => all.filter((operationId) => !seen.has(operationId)),
  };
}
