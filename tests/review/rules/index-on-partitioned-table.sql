-- catalog: table public.events partitioned
-- catalog: table public.orders rows=1000
-- An index on a partitioned table is built on every partition under SHARE locks; CONCURRENTLY is refused.
create index events_at_idx on events (at); -- expect: index-on-partitioned-table
create index concurrently events_kind_idx on events (kind); -- expect: index-on-partitioned-table
create table metrics (at date, v int) partition by range (at);
alter table metrics attach partition metrics_2023 for values from ('2023-01-01') to ('2024-01-01');
create index metrics_at_idx on metrics (at); -- expect: index-on-partitioned-table

-- Clean: ON ONLY, then per partition concurrently and ATTACH; a plain table; a new parent with new partitions.
create index events_at_idx on only events (at);
create index concurrently events_2023_at_idx on events_2023 (at);
alter index events_at_idx attach partition events_2023_at_idx;
create index concurrently orders_status_idx on orders (status);
create table logs (at date, line text) partition by range (at);
create table logs_2024 partition of logs for values from ('2024-01-01') to ('2025-01-01');
create index logs_at_idx on logs (at);
