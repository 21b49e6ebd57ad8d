-- Outside a transaction, statements that fail when the migration is rerun.
create table notes (id bigint primary key); -- expect: prefer-robust-stmts
create index notes_id_idx on notes (id); -- expect: prefer-robust-stmts
create index concurrently orders_status_idx on orders (status); -- expect: prefer-robust-stmts
alter table orders add column note text; -- expect: prefer-robust-stmts
alter table orders drop column legacy; -- expect: prefer-robust-stmts
alter table orders drop constraint orders_legacy_check; -- expect: prefer-robust-stmts
alter table orders add constraint orders_total_check check (total >= 0); -- expect: prefer-robust-stmts
drop table old_orders; -- expect: prefer-robust-stmts
drop index orders_old_idx; -- expect: prefer-robust-stmts
-- No IF [NOT] EXISTS form, and they fail on a rerun: only a transaction helps.
alter table orders rename column note to memo; -- expect: prefer-robust-stmts
alter table if exists orders rename column memo to remark; -- expect: prefer-robust-stmts
alter table old_orders rename to archived_orders; -- expect: prefer-robust-stmts
alter table orders rename constraint orders_total_check to orders_total_nonnegative; -- expect: prefer-robust-stmts
alter type order_status rename value 'new' to 'created'; -- expect: prefer-robust-stmts
alter table orders add constraint orders_qty_positive check (qty > 0) not valid; -- expect: prefer-robust-stmts

-- Clean: guarded statements.
create table if not exists notes2 (id bigint primary key);
create index if not exists notes2_id_idx on notes2 (id);
drop index concurrently if exists orders_placed_idx;
create index concurrently orders_placed_idx on orders (placed_at);
alter table orders add column if not exists note2 text, drop column if exists legacy2;
alter table orders drop constraint if exists orders_qty_check, add constraint orders_qty_check check (qty > 0);
alter table orders drop constraint if exists orders_price_check;
alter table orders add constraint orders_price_check check (price > 0);
alter table orders enable row level security;
drop table if exists old_orders2;
create temp table scratch (id int) on commit drop;
create index on orders (customer_id);
-- Clean: statements that succeed when rerun, and a guarded table rename.
alter table orders alter column status set not null;
alter table orders alter column status set default 'new';
alter table orders enable row level security;
alter table if exists staging_orders rename to staged_orders;
alter type order_status add value if not exists 'refunded';

-- Clean: inside a transaction a failure leaves nothing behind.
begin;
create table notes3 (id bigint primary key);
alter table orders add column note3 text;
commit;
