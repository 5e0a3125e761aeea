-- Demo data for the embedded default (and `supabase db reset` locally): two users, a member of
-- each role, a few notification types with templates, and inbox items so a newcomer sees a
-- living app.
-- Every insert tolerates existing rows, so running it twice changes nothing.

insert into auth.users (id, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data) values
  ('11111111-1111-4111-8111-111111111111', 'alice@example.com', now(), '{"role": "user"}', '{"full_name": "Alice Martin"}'),
  ('22222222-2222-4222-8222-222222222222', 'bob@example.com', now(), '{"role": "user"}', '{"full_name": "Bob Chen"}'),
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'admin@example.com', now(), '{"role": "admin"}', '{"full_name": "Ada Admin"}'),
  ('0a000000-0000-4000-8000-00000000000a', 'owner@example.com', now(), '{"role": "owner"}', '{"full_name": "Olive Owner"}'),
  ('0e000000-0000-4000-8000-00000000000e', 'editor@example.com', now(), '{"role": "editor"}', '{"full_name": "Eddie Editor"}'),
  ('0f000000-0000-4000-8000-00000000000f', 'viewer@example.com', now(), '{"role": "viewer"}', '{"full_name": "Vera Viewer"}')
on conflict (id) do nothing;

insert into public.recipients (id, external_id, user_id, name, email, phone, locale, timezone) values
  ('a1111111-1111-4111-8111-111111111111', 'alice', '11111111-1111-4111-8111-111111111111', 'Alice Martin', 'alice@example.com', '+14155550101', 'en', 'America/Los_Angeles'),
  ('b2222222-2222-4222-8222-222222222222', 'bob', '22222222-2222-4222-8222-222222222222', 'Bob Chen', 'bob@example.com', null, 'en', 'Europe/Berlin'),
  ('ad000000-0000-4000-8000-000000000000', 'admin', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Ada Admin', 'admin@example.com', null, 'en', 'UTC')
on conflict do nothing;

insert into public.notification_types (id, key, name, description, default_channels, critical, escalation, category) values
  ('c0000000-0000-4000-8000-000000000001', 'comment.created', 'New comment', 'Someone commented on your post.', '{in_app,email}', false, null, 'Activity'),
  ('c0000000-0000-4000-8000-000000000002', 'mention', 'Mention', 'Someone mentioned you.', '{in_app,push}', false, null, 'Activity'),
  ('c0000000-0000-4000-8000-000000000003', 'task.assigned', 'Task assigned', 'A task was assigned to you; email follows if unread.', '{in_app}', false, '{"after": "15m", "channels": ["email"]}', 'Activity'),
  ('c0000000-0000-4000-8000-000000000004', 'security.alert', 'Security alert', 'Sign-ins and account changes. Always delivered.', '{in_app,email,sms}', true, null, 'Account & security'),
  ('c0000000-0000-4000-8000-000000000005', 'digest.weekly', 'Weekly digest', 'A summary of the week.', '{email}', false, null, 'Digests'),
  ('c0000000-0000-4000-8000-000000000006', 'default', 'General', 'Notifications sent with inline content and no type.', '{in_app}', false, null, null)
on conflict do nothing;

insert into public.templates (notification_type_id, channel, locale, version, content) values
  ('c0000000-0000-4000-8000-000000000001', 'in_app', 'en', 1, '{"title": "{{ author }} commented", "body": "{{ excerpt }}", "actionUrl": "{{ url }}"}'),
  ('c0000000-0000-4000-8000-000000000001', 'email', 'en', 1, '{"subject": "{{ author }} commented on your post", "html": "<p><strong>{{ author }}</strong> wrote:</p><blockquote>{{ excerpt }}</blockquote><p><a href=\"{{ url }}\">Reply</a></p>"}'),
  ('c0000000-0000-4000-8000-000000000001', 'in_app', 'fr', 1, '{"title": "{{ author }} a commenté", "body": "{{ excerpt }}", "actionUrl": "{{ url }}"}'),
  ('c0000000-0000-4000-8000-000000000002', 'in_app', 'en', 1, '{"title": "{{ author }} mentioned you", "body": "{{ excerpt }}"}'),
  ('c0000000-0000-4000-8000-000000000002', 'push', 'en', 1, '{"title": "{{ author }} mentioned you", "body": "{{ excerpt }}"}'),
  ('c0000000-0000-4000-8000-000000000003', 'in_app', 'en', 1, '{"title": "New task: {{ task }}", "body": "Assigned by {{ assigner }}"}'),
  ('c0000000-0000-4000-8000-000000000003', 'email', 'en', 1, '{"subject": "Task waiting for you: {{ task }}", "html": "<p>{{ assigner }} assigned you <strong>{{ task }}</strong>.</p>"}'),
  ('c0000000-0000-4000-8000-000000000004', 'in_app', 'en', 1, '{"title": "New sign-in from {{ location }}", "body": "If this was not you, secure your account now."}'),
  ('c0000000-0000-4000-8000-000000000004', 'email', 'en', 1, '{"subject": "New sign-in from {{ location }}", "html": "<p>We noticed a sign-in from {{ location }}.</p>"}'),
  ('c0000000-0000-4000-8000-000000000004', 'sms', 'en', 1, '{"body": "Herald: new sign-in from {{ location }}. Not you? Reset your password."}'),
  ('c0000000-0000-4000-8000-000000000005', 'email', 'en', 1, '{"subject": "Your weekly digest", "html": "<h1>Your week on Herald</h1><p>{{ summary }}</p><p><a href=\"{{ url }}\">Open your inbox</a></p>"}')
on conflict do nothing;

-- Inbox items have no natural key, so they are added only on the first run.
insert into public.inbox_items (recipient_id, type_key, title, body, action_url, actions, seen_at, read_at, archived_at, created_at)
select v.recipient_id::uuid, v.type_key, v.title, v.body, v.action_url, v.actions::jsonb, v.seen_at, v.read_at, v.archived_at, v.created_at
from (values
  ('a1111111-1111-4111-8111-111111111111', 'comment.created', 'Bob Chen commented', 'Looks great — can we ship it on Friday?', '/inbox', '[{"label": "Reply", "url": "/inbox", "style": "primary"}]', null, null, null, now() - interval '4 minutes'),
  ('a1111111-1111-4111-8111-111111111111', 'mention', 'Priya mentioned you', '@alice the release notes are ready for review.', null, '[]', now() - interval '1 hour', null, null, now() - interval '2 hours'),
  ('a1111111-1111-4111-8111-111111111111', 'task.assigned', 'New task: Update the onboarding copy', 'Assigned by Ada Admin', null, '[{"label": "Open task", "url": "/inbox", "style": "primary"}, {"label": "Snooze", "url": "/inbox", "style": "secondary"}]', now() - interval '20 hours', now() - interval '20 hours', null, now() - interval '1 day'),
  ('a1111111-1111-4111-8111-111111111111', 'security.alert', 'New sign-in from Lisbon, PT', 'If this was not you, secure your account now.', null, '[]', now() - interval '3 days', now() - interval '3 days', now() - interval '2 days', now() - interval '3 days'),
  ('b2222222-2222-4222-8222-222222222222', 'comment.created', 'Alice Martin commented', 'Thanks for the review!', null, '[]', null, null, null, now() - interval '10 minutes'),
  ('b2222222-2222-4222-8222-222222222222', 'digest.weekly', 'Your weekly digest', '12 comments, 3 mentions and 2 tasks this week.', null, '[]', now() - interval '2 days', now() - interval '2 days', null, now() - interval '2 days'),
  ('ad000000-0000-4000-8000-000000000000', 'security.alert', 'New API key created', 'A key named "ci" was created.', null, '[]', null, null, null, now() - interval '30 minutes')
) as v (recipient_id, type_key, title, body, action_url, actions, seen_at, read_at, archived_at, created_at)
where not exists (select 1 from public.settings where key = 'demo_seeded_at');

insert into public.settings (key, value) values ('demo_seeded_at', now()::text) on conflict do nothing;
