import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi-document";

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
});
