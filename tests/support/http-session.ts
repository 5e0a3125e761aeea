/** Signs in as a seeded user through the local sign-in API; returns the session cookie. */
export async function signInCookie(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/dev-sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email} failed: ${response.status}`);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

/** An API key created by the seeded admin (shown once, as for any admin). */
export async function createApiKeyAsAdmin(baseUrl: string, name: string, scopes?: string[]): Promise<string> {
  const admin = await signInCookie(baseUrl, "admin@example.com");
  const response = await fetch(`${baseUrl}/api/admin/api-keys`, {
    method: "POST",
    headers: { cookie: admin, "content-type": "application/json" },
    body: JSON.stringify(scopes ? { name, scopes } : { name }),
  });
  if (response.status !== 201) throw new Error(`creating API key ${name} failed: ${response.status}`);
  return (await response.json()).data.key as string;
}
