-- DDL that names tables, indexes and views without their schema.
create table orders_archive (id bigint primary key); -- expect: require-schema-qualified-names
alter table orders add column note text; -- expect: require-schema-qualified-names
create index concurrently orders_note_idx on orders (note); -- expect: require-schema-qualified-names
create view open_orders as select id from public.orders where status = 'open'; -- expect: require-schema-qualified-names
drop table if exists public.old_orders, legacy_orders; -- expect: require-schema-qualified-names
create sequence invoice_numbers; -- expect: require-schema-qualified-names

-- Clean: qualified names, temporary tables, and objects that are not schema-scoped.
create table public.orders_history (id bigint primary key);
alter table sales.orders add column note text;
create index concurrently orders_note_idx on sales.orders (note);
create temporary table scratch (id bigint);
drop index concurrently public.orders_note_idx;
create schema reporting;
drop schema if exists staging;
