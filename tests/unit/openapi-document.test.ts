import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { openApiDocument } from "@/lib/api/openapi-document";
import { errorCodes } from "@/lib/api/errors";
import { clientTypesFile, openApiFile, renderClientTypes, renderOpenApi } from "../../bin/write-openapi";

describe("OpenAPI document", () => {
  const doc = openApiDocument("https://herald.example.com");
  it("describes every public endpoint with its request schema", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/notifications", "/api/v1/recipients/{id}", "/api/v1/recipients/{id}/preferences"]),
    );
    const request = doc.components.schemas.NotificationRequest as { properties: Record<string, { enum?: string[] }>; additionalProperties?: boolean };
    expect(Object.keys(request.properties)).toEqual(expect.arrayContaining(["to", "type", "content", "data", "channels", "priority", "sendAt"]));
    expect(request.properties.priority!.enum).toEqual(["critical", "high", "normal", "low"]);
    expect(request.additionalProperties).toBe(false);
  });

  it("documents every route file under app/api/v1, each operation with a unique operationId and its errors", () => {
    const root = path.resolve(import.meta.dirname, "../../app/api/v1");
    const routes = (fs.readdirSync(root, { recursive: true }) as string[])
      .filter((f) => f.endsWith("route.ts") && !f.startsWith("openapi"))
      .map((f) => `/api/v1/${path.dirname(f)}`.replace(/\[(\w+)\]/g, "{$1}"));
    expect(routes.length).toBeGreaterThan(0);
    expect(Object.keys(doc.paths).sort()).toEqual(routes.sort());
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p)) as { operationId?: string; responses: Record<string, unknown> }[];
    const ids = operations.map((o) => o.operationId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of operations) expect(Object.keys(o.responses)).toContain("401");
    const code = (doc.components.schemas.Error as { properties: { error: { properties: { code: { enum: string[] } } } } }).properties.error.properties.code;
    expect(code.enum).toEqual(errorCodes);
  });

  it("the committed openapi.json and the client's generated types are current (npm run openapi:write)", async () => {
    expect(fs.readFileSync(openApiFile, "utf8")).toBe(renderOpenApi());
    expect(fs.readFileSync(clientTypesFile, "utf8")).toBe(await renderClientTypes());
  });

  it("documents every answer with a body: no operation answers an undescribed 2xx", () => {
    for (const [route, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item) as [string, { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }][]) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (status === "204") continue;
          const schema = response.content?.["application/json"]?.schema;
          expect(schema, `${method} ${route} ${status}`).toBeDefined();
          expect(JSON.stringify(schema), `${method} ${route} ${status}`).not.toBe('{"type":"object","properties":{"data":{}}}');
        }
      }
    }
  });
});
