-- catalog: domain public.email_address
-- catalog: table public.customers rows=100
-- A column of a constrained domain makes PostgreSQL rewrite the table to check every row.
alter table customers add column contact email_address; -- expect: adding-column-with-constrained-domain
create domain positive_int as int check (value > 0);
alter table orders add column quantity positive_int; -- expect: adding-column-with-constrained-domain
create domain short_code as text;
alter domain short_code add constraint short_code_len check (length(value) <= 8);
alter table orders add column code short_code; -- expect: adding-column-with-constrained-domain

-- Clean: a domain without constraints, a base type, and a table created in this migration.
create domain label as text default '';
alter table orders add column tag label;
alter table orders add column amount int;
create table scratch (id bigint);
alter table scratch add column quantity positive_int;
