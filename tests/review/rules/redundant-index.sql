-- catalog: table public.orders rows=5000000 columns=id:bigint!,customer_id:bigint,status:text,placed_at:timestamptz
-- catalog: index public.orders orders_pkey columns=id primary unique
-- catalog: index public.orders orders_customer_status_idx columns=customer_id,status
-- A new index whose key list equals, or is a prefix of, another index on the same table.
create index concurrently orders_customer_idx on orders (customer_id); -- expect: redundant-index
create index concurrently orders_customer_status_2_idx on public.orders (customer_id, status); -- expect: redundant-index
create index concurrently orders_id_idx on orders (id); -- expect: redundant-index
create table events (id bigint primary key, kind text, at timestamptz);
create index events_kind_at_idx on events (kind, at);
create index events_kind_idx on events (kind); -- expect: redundant-index

-- Clean: a different leading column, a longer index, a unique index over a non-unique one, a partial index,
-- a different method, an index whose twin was dropped first.
create index concurrently orders_status_idx on orders (status);
create index concurrently orders_customer_status_placed_idx on orders (customer_id, status, placed_at);
create unique index concurrently orders_customer_status_key on orders (customer_id, status);
create index concurrently orders_open_customer_idx on orders (customer_id) where status = 'open';
create index events_kind_hash_idx on events using hash (kind);
create index concurrently if not exists orders_customer_status_idx on orders (customer_id, status);
drop index events_kind_at_idx;
create index events_kind_at_2_idx on events (kind, at);
create index concurrently customers_email_lower_idx on customers (lower(email), id);
create index concurrently customers_email_lower_2_idx on customers (lower(email)); -- expect: redundant-index
create index concurrently customers_email_upper_idx on customers (upper(email));
