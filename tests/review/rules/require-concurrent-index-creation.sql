-- A plain CREATE INDEX on an existing table blocks its writes for the whole build.
create index orders_status_idx on orders (status); -- expect: require-concurrent-index-creation
create unique index
    orders_number_key on public.orders (number); -- expect: require-concurrent-index-creation

-- Clean: concurrently, and tables created earlier in the same migration.
create index concurrently orders_placed_idx on orders (placed_at);
create table notes (id bigint primary key, order_id bigint);
create index notes_order_idx on notes (order_id);
