-- catalog: table public.accounts columns=id:bigint!,email:text,tenant_id:bigint
-- catalog: index public.accounts accounts_pkey columns=id primary unique
-- catalog: index public.accounts accounts_email_key columns=email unique
-- Unique indexes and constraints on data that may already hold duplicates.
create unique index concurrently orders_number_key on orders (number); -- expect: unique-index-may-fail
create unique index users_lower_email_idx on users (lower(email)); -- expect: unique-index-may-fail
alter table payments add constraint payments_ref_key unique (provider, ref); -- expect: unique-index-may-fail
alter table shipments
    add primary key (id); -- expect: unique-index-may-fail
alter table coupons add column code text unique default 'WELCOME'; -- expect: unique-index-may-fail

-- Clean: a key the catalog already knows is unique, a constraint adopting a built unique index, a new unique
-- column without a default, non-unique indexes, and new tables.
create unique index concurrently accounts_tenant_email_idx on accounts (tenant_id, email);
alter table payments add constraint payments_ref_key2 unique using index payments_ref_idx;
alter table coupons add column slug text unique;
create index concurrently orders_status_idx on orders (status);
create table tags (id bigint primary key, name text);
create unique index tags_name_key on tags (name);
alter table tags add constraint tags_name_uniq unique (name);
