-- Statements PostgreSQL refuses inside a transaction block.
begin;
create index concurrently orders_status_idx on orders (status); -- expect: non-transactional-statement-in-transaction
drop index concurrently orders_old_idx; -- expect: non-transactional-statement-in-transaction
reindex index concurrently orders_pkey; -- expect: non-transactional-statement-in-transaction
vacuum orders; -- expect: non-transactional-statement-in-transaction
vacuum (full false) orders; -- expect: non-transactional-statement-in-transaction
reindex (concurrently on) index orders_pkey; -- expect: non-transactional-statement-in-transaction
alter table events detach partition events_2020 concurrently; -- expect: non-transactional-statement-in-transaction
alter system set work_mem = '64MB'; -- expect: non-transactional-statement-in-transaction
alter database app set tablespace fast_ssd; -- expect: non-transactional-statement-in-transaction
-- Clean inside a transaction: plain index, ANALYZE, ADD VALUE on PostgreSQL 12+, ordinary ALTER DATABASE.
create index orders_placed_idx on orders (placed_at);
analyze orders;
reindex (concurrently false) index orders_pkey;
reindex (concurrently off) table orders;
alter type order_status add value 'refunded';
alter database app set work_mem = '64MB';
commit;

-- Clean: outside a transaction.
create index concurrently orders_total_idx on orders (total);
vacuum orders;
