-- A plain DETACH PARTITION locks the whole partitioned table.
alter table events detach partition events_2023; -- expect: require-concurrent-partition-detach
alter table public.events
    detach partition public.events_2024; -- expect: require-concurrent-partition-detach

-- Clean: CONCURRENTLY, FINALIZE, and a table created in this migration.
alter table events detach partition events_2022 concurrently;
alter table events detach partition events_2021 finalize;
create table staging (id bigint, at date) partition by range (at);
create table staging_1 partition of staging for values from ('2024-01-01') to ('2025-01-01');
alter table staging detach partition staging_1;
