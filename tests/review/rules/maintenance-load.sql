-- catalog: table public.orders rows=5000000 bytes=943718400 columns=id:bigint!,status:text
-- Online but heavy maintenance on existing tables.
create index concurrently orders_status_idx on orders (status); -- expect: maintenance-load
reindex (concurrently) table orders; -- expect: maintenance-load
reindex index concurrently orders_pkey; -- expect: maintenance-load
analyze orders; -- expect: maintenance-load
vacuum (analyze) orders, -- expect: maintenance-load
    customers; -- expect: maintenance-load
vacuum; -- expect: maintenance-load
vacuum (full false) orders; -- expect: maintenance-load
reindex (concurrently true) table orders; -- expect: maintenance-load

-- Clean: tables created in this migration are empty, and VACUUM FULL belongs to the locking rules.
create table notes (id bigint primary key, body text);
create index concurrently notes_body_idx on notes (body);
analyze notes;
vacuum full orders;
reindex table orders;
reindex (concurrently false) table orders;
