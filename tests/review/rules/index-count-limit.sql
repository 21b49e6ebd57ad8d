-- toml: [options]
-- toml: max_indexes_per_table = 3
-- catalog: table public.orders rows=5000000 columns=id:bigint!,customer_id:bigint,status:text
-- catalog: index public.orders orders_pkey columns=id primary unique
-- catalog: index public.orders orders_customer_idx columns=customer_id
-- A table with more indexes than max_indexes_per_table (catalog plus this migration).
create index concurrently orders_status_idx on orders (status);
create index concurrently orders_placed_idx on orders (placed_at); -- expect: index-count-limit
create table events (
    id bigint primary key,
    kind text unique,
    source text,
    unique (source, kind)
);
create index events_at_idx on events (at); -- expect: index-count-limit

-- Clean: dropping an index first makes room for another.
drop index concurrently orders_placed_idx;
drop index concurrently orders_status_idx;
create index concurrently orders_total_idx on orders (total);
create table notes (id bigint primary key, body text);
create index notes_body_idx on notes (body);
