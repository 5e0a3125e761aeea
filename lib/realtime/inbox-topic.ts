/**
 * The private topic an inbox's changes are published on (the same names on Supabase): the
 * owner's user topic when the recipient belongs to an account, else the recipient's own — the
 * trigger on inbox_items picks the same way.
 */
export const inboxTopic = ({ userId, recipientId }: { userId: string | null; recipientId: string | null }) =>
  userId ? `user:${userId}:notifications` : `recipient:${recipientId}:notifications`;
