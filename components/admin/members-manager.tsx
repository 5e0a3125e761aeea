"use client";

import { useId, useState } from "react";
import { adminRoles, type AdminRole } from "@/lib/auth/admin-roles";
import type { InviteOutcome } from "@/lib/members/invite-member";
import type { Member } from "@/lib/members/member-schemas";
import { adminFetch, issueAt, type ApiError } from "./admin-fetch";
import { buttonDanger, buttonPrimary, buttonSecondary, card, cardFlush, EmptyState, ErrorNote, inputClass, labelClass, LoadError } from "./admin-ui";
import { formatTimestamp } from "./format";
import { useCan } from "./member-role";
import { useAdminFetch } from "./use-admin-fetch";

type Page = { data: Member[]; hasMore: boolean; after: string | null };

const roleHelp: Record<AdminRole, string> = {
  viewer: "reads every admin page",
  editor: "+ templates, types, sends and broadcasts",
  admin: "+ API keys, webhooks, dead letters, preferences, members",
  owner: "+ owners",
};

/** Members: invite by email with a role, change a role, remove. Owners are managed by owners only. */
export function MembersManager({ me, usersLiveInSupabase }: { me: string; usersLiveInSupabase: boolean }) {
  const id = useId();
  const canManageOwners = useCan("owners:write");
  const assignable = adminRoles.filter((r) => r !== "owner" || canManageOwners);
  const [cursors, setCursors] = useState<string[]>([""]);
  const after = cursors.at(-1)!;
  const { data, error, loading, refetch } = useAdminFetch<Page>(`/api/admin/members?limit=25${after ? `&after=${after}` : ""}`);
  const [form, setForm] = useState<{ email: string; name: string; role: AdminRole }>({ email: "", name: "", role: "viewer" });
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const invite = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    setNotice(null);
    const result = await adminFetch<{ member: Member; outcome: InviteOutcome }>("/api/admin/members", { method: "POST", body: { email: form.email, role: form.role, ...(form.name ? { name: form.name } : {}) } });
    setBusy(false);
    if ("error" in result) return setProblem(result.error);
    const { member: m, outcome } = result.data;
    setNotice({
      kind: "ok",
      text:
        outcome === "created" ? `Added ${m.email} as ${m.role}. They sign in with their email address.`
        : outcome === "unchanged" ? `${m.email} is already ${m.role}.`
        : `${m.email} is now ${m.role}.`,
    });
    setForm({ email: "", name: "", role: form.role });
    setCursors([""]);
    refetch();
  };
  const change = async (member: Member, role: AdminRole | "remove") => {
    setBusy(true);
    setNotice(null);
    setConfirming(null);
    const result = await adminFetch<{ role: string }>(`/api/admin/members/${member.id}`, role === "remove" ? { method: "DELETE" } : { method: "PATCH", body: { role } });
    setBusy(false);
    if ("error" in result) return setNotice({ kind: "error", text: `${member.email}: ${result.error.message}` });
    setNotice({ kind: "ok", text: role === "remove" ? `${member.email} is no longer a member.` : `${member.email} is now ${role}.` });
    refetch();
  };
  const issue = (path: string) => issueAt(problem, path)?.message;

  return (
    <div className="space-y-6">
      <form onSubmit={invite} className={`${card} space-y-4`} aria-label="Invite a member" noValidate>
        <h2 className="text-lg font-semibold">Invite a member</h2>
        {usersLiveInSupabase && <p className="text-sm text-slate-600 dark:text-slate-400">Users live in Supabase Auth: invite them there first, then give them a role here.</p>}
        <div className="grid gap-4 md:grid-cols-3">
          <div>
            <label htmlFor={`${id}-email`} className={labelClass}>Email</label>
            <input id={`${id}-email`} type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} className={inputClass} aria-invalid={Boolean(issue("email")) || undefined} aria-describedby={issue("email") ? `${id}-email-error` : undefined} />
            {issue("email") && <p id={`${id}-email-error`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">{issue("email")}</p>}
          </div>
          {!usersLiveInSupabase && (
            <div>
              <label htmlFor={`${id}-name`} className={labelClass}>Name <span className="font-normal text-slate-500">(optional)</span></label>
              <input id={`${id}-name`} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} className={inputClass} aria-invalid={Boolean(issue("name")) || undefined} />
              {issue("name") && <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">{issue("name")}</p>}
            </div>
          )}
          <div>
            <label htmlFor={`${id}-role`} className={labelClass}>Role</label>
            <select id={`${id}-role`} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as AdminRole })} className={inputClass} aria-invalid={Boolean(issue("role")) || undefined}>
              {assignable.map((r) => <option key={r} value={r}>{r} — {roleHelp[r]}</option>)}
            </select>
            {issue("role") && <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">{issue("role")}</p>}
          </div>
        </div>
        {problem && !problem.issues?.length && <ErrorNote>{problem.message}</ErrorNote>}
        <button type="submit" className={buttonPrimary} disabled={busy}>Invite</button>
      </form>

      <div aria-live="polite">
        {notice && (notice.kind === "ok" ? <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">{notice.text}</p> : <ErrorNote>{notice.text}</ErrorNote>)}
      </div>

      {loading ? (
        <div aria-busy="true" aria-label="Loading members" className="h-40 animate-pulse rounded-2xl bg-slate-100 dark:bg-slate-800" />
      ) : error || !data ? (
        <LoadError what="The members" error={error} onRetry={refetch} />
      ) : data.data.length === 0 ? (
        <EmptyState title="No members yet">Invite the first one above.</EmptyState>
      ) : (
        <div className={cardFlush}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Members, newest first</caption>
            <thead className="text-slate-500 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">Member</th>
                <th scope="col" className="px-4 py-3 font-medium">Role</th>
                <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">Added</th>
                <th scope="col" className="px-4 py-3 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {data.data.map((m) => {
                // Only owners manage owners; the server says so too.
                const manageable = m.role !== "owner" || canManageOwners;
                return (
                  <tr key={m.id} data-testid="member">
                    <td className="px-4 py-2.5">
                      <span className="block font-medium">{m.name ?? m.email}{m.id === me && <span className="font-normal text-slate-500"> (you)</span>}</span>
                      {m.name && <span className="block text-xs text-slate-500 dark:text-slate-400">{m.email}</span>}
                    </td>
                    <td className="px-4 py-2.5">
                      {manageable ? (
                        <select aria-label={`Role of ${m.email}`} value={m.role} disabled={busy} onChange={(e) => void change(m, e.target.value as AdminRole)} className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950">
                          {assignable.map((r) => <option key={r} value={r}>{r}</option>)}
                        </select>
                      ) : (
                        <span className="capitalize">{m.role}</span>
                      )}
                    </td>
                    <td className="hidden px-4 py-2.5 sm:table-cell">{formatTimestamp(m.createdAt)}</td>
                    <td className="px-4 py-2.5 text-right">
                      {manageable &&
                        (confirming === m.id ? (
                          <span role="group" aria-label={`Confirm removing ${m.email}`} className="inline-flex flex-wrap items-center justify-end gap-2">
                            <span>Remove {m.email}? They keep their account, not their access.</span>
                            <button type="button" className={buttonDanger} disabled={busy} onClick={() => void change(m, "remove")}>Yes, remove</button>
                            <button type="button" className={buttonSecondary} onClick={() => setConfirming(null)}>Cancel</button>
                          </span>
                        ) : (
                          <button type="button" className={buttonSecondary} disabled={busy} onClick={() => setConfirming(m.id)} aria-label={`Remove ${m.email}`}>Remove</button>
                        ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {(data.hasMore || cursors.length > 1) && (
            <nav aria-label="Pages" className="flex justify-between border-t border-slate-100 px-4 py-3 text-sm dark:border-slate-800">
              {cursors.length > 1 ? <button type="button" className={buttonSecondary} onClick={() => setCursors(cursors.slice(0, -1))}>← Newer</button> : <span />}
              {data.hasMore && <button type="button" className={buttonSecondary} onClick={() => setCursors([...cursors, data.after!])}>Older →</button>}
            </nav>
          )}
        </div>
      )}
    </div>
  );
}
