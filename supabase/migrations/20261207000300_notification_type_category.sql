-- A type's category groups it on the preferences page ("Activity", "Account & security", ...).
-- Free text so a product names its own; null types are listed under "Other".
alter table public.notification_types
  add column if not exists category text
    constraint notification_types_category_length check (category is null or char_length(category) between 1 and 60);
