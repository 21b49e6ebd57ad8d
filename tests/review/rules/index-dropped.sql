-- catalog: table public.orders rows=5000000 columns=id:bigint!,status:text,number:text
-- catalog: index public.orders orders_status_idx columns=status
-- catalog: index public.orders orders_number_key columns=number unique
-- Dropping an index that existed before the migration changes query plans.
drop index orders_status_idx; -- expect: index-dropped
drop index concurrently if exists public.orders_number_key; -- expect: index-dropped
drop index concurrently legacy_idx, -- expect: index-dropped
    other_idx; -- expect: index-dropped

-- Clean: an index created earlier in the same migration, and other kinds of DROP.
create index concurrently orders_tmp_idx on orders (status, id);
drop index concurrently orders_tmp_idx;
drop view if exists order_summary;
