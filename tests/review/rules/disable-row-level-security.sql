-- Turning row-level security off on an existing table exposes every row.
alter table accounts disable row level security; -- expect: disable-row-level-security
alter table public.documents no force row level security; -- expect: disable-row-level-security

-- Clean: enabling it, and a table created in this migration.
alter table invoices enable row level security;
alter table invoices force row level security;
create table scratch (id bigint primary key);
alter table scratch disable row level security;
