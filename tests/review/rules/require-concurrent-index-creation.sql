-- A plain CREATE INDEX on an existing table blocks its writes for the whole build.
create index orders_status_idx on orders (status); -- expect: require-concurrent-index-creation
create unique index
    orders_number_key on public.orders (number); -- expect: require-concurrent-index-creation
-- CREATE TABLE IF NOT EXISTS may find the table there already, with data: it is not new.
create table if not exists audit_log (id bigint primary key, logged_at timestamptz);
create index audit_log_logged_at_idx on audit_log (logged_at); -- expect: require-concurrent-index-creation
create table if not exists public.sessions as select 1 as id;
create index sessions_id_idx on sessions (id); -- expect: require-concurrent-index-creation

-- Clean: concurrently, and tables created earlier in the same migration.
create index concurrently orders_placed_idx on orders (placed_at);
create table notes (id bigint primary key, order_id bigint);
create index notes_order_idx on notes (order_id);
create table if not exists notes (id bigint primary key, order_id bigint);
create index notes_id_order_idx on notes (id, order_id);
