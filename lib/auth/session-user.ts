import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { authUsers, recipients } from "@/lib/db/schema";
import { inboxTopic } from "@/lib/realtime/inbox-topic";
import { toRole, type Role } from "./admin-roles";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The recipient whose inbox and preferences this user owns, if any. */
  recipientId: string | null;
  /**
   * How the request proved who it is: a session (cookie: local or emailed-link sign-in, or
   * Supabase Auth) or a host app's user token. Token users are end users only, never members.
   */
  via: "session" | "user-token";
  /** The private topic this user's inbox changes are published on. */
  inboxTopic: string;
};

const userColumns = {
  id: authUsers.id,
  email: authUsers.email,
  appMeta: authUsers.rawAppMetaData,
  userMeta: authUsers.rawUserMetaData,
  recipientId: recipients.id,
  recipientName: recipients.name,
};

type UserRow = { id: string; email: string | null; appMeta: { role?: string } | null; userMeta: { full_name?: string } | null; recipientId: string | null; recipientName: string | null };

function toSessionUser(row: UserRow): SessionUser {
  const email = row.email ?? "";
  return {
    id: row.id,
    email,
    name: row.userMeta?.full_name ?? row.recipientName ?? email.split("@")[0] ?? "User",
    // Roles live in app metadata, which (unlike user metadata) users cannot edit on Supabase.
    role: toRole(row.appMeta?.role),
    recipientId: row.recipientId,
    via: "session",
    inboxTopic: inboxTopic({ userId: row.id, recipientId: row.recipientId }),
  };
}

const selectUsers = (db: Db) =>
  db.select(userColumns).from(authUsers).leftJoin(recipients, eq(recipients.userId, authUsers.id));

export async function findSessionUser(db: Db, by: { id: string } | { email: string }): Promise<SessionUser | null> {
  const where = "id" in by ? eq(authUsers.id, by.id) : eq(authUsers.email, by.email.toLowerCase());
  const [row] = await selectUsers(db).where(where).limit(1);
  return row ? toSessionUser(row) : null;
}

/** The users offered on the local sign-in page. */
export async function listLocalUsers(db: Db): Promise<SessionUser[]> {
  const rows = await selectUsers(db).orderBy(authUsers.email).limit(50);
  return rows.map(toSessionUser);
}
