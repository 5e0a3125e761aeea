"use client";

import { useId, useState } from "react";
import type { ApiKeySummary } from "@/lib/auth/api-keys";
import { apiKeyScopes, defaultApiKeyScopes } from "@/lib/auth/scopes";
import { adminFetch, type ApiError } from "./admin-fetch";
import { buttonDanger, buttonPrimary, buttonSecondary, card, EmptyState, ErrorNote, inputClass, labelClass } from "./admin-ui";
import { formatTimestamp } from "./format";
import { useCan } from "./member-role";
import { OneTimeSecret } from "./one-time-secret";
import { StatusBadge } from "./status-badge";

type Key = Omit<ApiKeySummary, "createdAt" | "lastUsedAt" | "revokedAt"> & { createdAt: string | Date; lastUsedAt: string | Date | null; revokedAt: string | Date | null };

/** API keys: create (the secret is shown once), list, revoke after a confirmation. */
export function ApiKeysManager({ initial }: { initial: Key[] }) {
  const id = useId();
  const canManage = useCan("api_keys:write");
  const [keys, setKeys] = useState(initial);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(defaultApiKeyScopes);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await adminFetch<{ key: string; apiKey: Key }>("/api/admin/api-keys", { method: "POST", body: { name, scopes } });
    setBusy(false);
    if ("error" in result) return setError(result.error);
    setKeys([result.data.apiKey, ...keys]);
    setCreated({ key: result.data.key, name: result.data.apiKey.name });
    setName("");
  };
  const revoke = async (key: Key) => {
    setBusy(true);
    const result = await adminFetch<Key>(`/api/admin/api-keys/${key.id}`, { method: "DELETE" });
    setBusy(false);
    setConfirming(null);
    if ("error" in result) return setNotice(`Could not revoke “${key.name}”: ${result.error.message}`);
    setKeys(keys.map((k) => (k.id === key.id ? result.data : k)));
    setNotice(`Revoked “${key.name}”. Calls with it now fail.`);
  };
  const nameIssue = error?.issues?.find((i) => i.path === "name")?.message;

  return (
    <div className="space-y-6">
      {!canManage && <p className="text-sm text-slate-600 dark:text-slate-400">Creating and revoking keys needs the admin role.</p>}
      {canManage && (
        <form onSubmit={create} className={`${card} space-y-4`} aria-label="Create an API key" noValidate>
          <h2 className="text-lg font-semibold">Create a key</h2>
          <div className="max-w-md">
            <label htmlFor={`${id}-name`} className={labelClass}>Name</label>
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. production backend" className={inputClass} aria-invalid={Boolean(nameIssue) || undefined} aria-describedby={nameIssue ? `${id}-name-error` : undefined} />
            {nameIssue && <p id={`${id}-name-error`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">{nameIssue}</p>}
          </div>
          <fieldset>
            <legend className={labelClass}>Scopes</legend>
            <div className="mt-1 flex flex-wrap gap-2">
              {apiKeyScopes.map((s) => (
                <label key={s} className="flex items-center gap-2 rounded-lg border border-slate-200 px-3 py-1.5 font-mono text-xs dark:border-slate-700">
                  <input type="checkbox" className="size-4 accent-brand-600" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} />
                  {s}
                </label>
              ))}
            </div>
            {scopes.includes("admin") && <p className="mt-1 text-sm text-amber-700 dark:text-amber-400">admin grants everything, including this admin API.</p>}
          </fieldset>
          {error && !nameIssue && <ErrorNote>{error.message}</ErrorNote>}
          <button type="submit" className={buttonPrimary} disabled={busy}>Create key</button>
        </form>
      )}

      {created && (
        <OneTimeSecret label="New API key" title={`Copy the key “${created.name}” now`} fieldLabel="API key secret" value={created.key} onDismiss={() => setCreated(null)}>
          This is the only time it is shown. Herald keeps only a hash of it; if you lose it, revoke it and create another.
        </OneTimeSecret>
      )}

      <p aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">{notice}</p>
      {keys.length === 0 ? (
        <EmptyState title="No API keys yet">Create one for each app that calls Herald.</EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="API keys">
          {keys.map((k) => (
            <li key={k.id} className={`${card} flex flex-wrap items-center gap-x-4 gap-y-2`}>
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{k.name}</span>
                  <code className="text-xs text-slate-500 dark:text-slate-400">{k.prefix}…</code>
                  <StatusBadge status={k.revokedAt ? "revoked" : "active"} />
                </p>
                <p className="mt-1 flex flex-wrap gap-1">
                  {k.scopes.map((s) => <span key={s} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">{s}</span>)}
                </p>
                <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                  Created {formatTimestamp(k.createdAt)} · last used {k.lastUsedAt ? formatTimestamp(k.lastUsedAt) : "never"}{k.revokedAt ? ` · revoked ${formatTimestamp(k.revokedAt)}` : ""}
                </p>
              </div>
              {canManage && !k.revokedAt &&
                (confirming === k.id ? (
                  <div className="flex flex-wrap items-center gap-2" role="group" aria-label={`Confirm revoking ${k.name}`}>
                    <span className="text-sm">Revoke “{k.name}”? Apps using it stop working.</span>
                    <button type="button" className={buttonDanger} onClick={() => revoke(k)} disabled={busy}>Yes, revoke</button>
                    <button type="button" className={buttonSecondary} onClick={() => setConfirming(null)}>Cancel</button>
                  </div>
                ) : (
                  <button type="button" className={buttonSecondary} onClick={() => setConfirming(k.id)} aria-label={`Revoke ${k.name}`}>Revoke</button>
                ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
