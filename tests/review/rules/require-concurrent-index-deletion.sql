-- A plain DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table.
drop index orders_status_idx; -- expect: require-concurrent-index-deletion
drop index if exists public.orders_placed_idx, orders_total_idx; -- expect: require-concurrent-index-deletion

-- Clean: concurrently, and an index created earlier in the same migration.
drop index concurrently if exists orders_status_idx;
create index concurrently scratch_idx on orders (note);
drop index scratch_idx;
drop table old_orders;
