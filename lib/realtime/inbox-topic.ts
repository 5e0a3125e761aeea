/** The private topic a user's inbox changes are published on (the same name on Supabase). */
export const inboxTopic = (userId: string) => `user:${userId}:notifications`;
