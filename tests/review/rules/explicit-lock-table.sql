-- An explicit lock waits for running queries, queues everyone behind it, and is held until COMMIT.
begin;
lock table orders; -- expect: explicit-lock-table
lock table public.order_lines in share row exclusive mode; -- expect: explicit-lock-table
lock customers in share update exclusive mode; -- expect: explicit-lock-table
commit;

-- Clean: weak modes, NOWAIT, a lock_timeout, and a table created in this migration.
begin;
lock table orders in row exclusive mode;
lock table orders in access exclusive mode nowait;
create table scratch (id bigint);
lock table scratch;
commit;
begin;
set local lock_timeout = '2s';
lock table orders in exclusive mode;
commit;
