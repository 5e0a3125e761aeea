import { openApiDocument } from "@/lib/api/openapi-document";
import { getEnv } from "@/lib/env";

// GET /api/v1/openapi.json – the API description, generated from the validation schemas
export function GET() {
  return Response.json(openApiDocument(getEnv().HERALD_PUBLIC_URL), { headers: { "cache-control": "public, max-age=300" } });
}
