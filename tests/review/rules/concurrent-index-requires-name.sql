-- A concurrent index build without a name.
create index concurrently on orders (status); -- expect: concurrent-index-requires-name
create unique index concurrently -- expect: concurrent-index-requires-name
    on public.orders (number);

-- Clean: named, or not concurrent.
create index concurrently orders_status_idx on orders (status);
create index on notes (body);
