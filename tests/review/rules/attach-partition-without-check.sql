-- Attaching a partition scans it to check the bound, unless a validated CHECK constraint already implies it.
alter table events attach partition events_2023 -- expect: attach-partition-without-check
    for values from ('2023-01-01') to ('2024-01-01');
-- A check that is not validated, or that lets NULLs through, does not help.
alter table events_2024 add constraint events_2024_bound
    check (at >= '2024-01-01' and at < '2025-01-01') not valid;
alter table events attach partition events_2024 for values from ('2024-01-01') to ('2025-01-01'); -- expect: attach-partition-without-check
alter table events_2025 add constraint events_2025_bound check (at >= '2025-01-01' and at < '2026-01-01');
alter table events attach partition events_2025 for values from ('2025-01-01') to ('2026-01-01'); -- expect: attach-partition-without-check

-- Clean: a validated CHECK that implies the bound, including IS NOT NULL.
alter table events_2026 add constraint events_2026_bound
    check (at is not null and at >= '2026-01-01' and at < '2027-01-01') not valid;
alter table events_2026 validate constraint events_2026_bound;
alter table events attach partition events_2026 for values from ('2026-01-01') to ('2027-01-01');
-- A partition created empty in this migration (PostgreSQL 12+: the parent stays readable and writable).
create table events_2027 (like events);
alter table events attach partition events_2027 for values from ('2027-01-01') to ('2028-01-01');

-- With a DEFAULT partition, every ATTACH also scans the DEFAULT partition.
create table metrics_other partition of metrics default;
create table metrics_2028 (like metrics);
alter table metrics attach partition metrics_2028 for values from ('2028-01-01') to ('2029-01-01'); -- expect: attach-partition-without-check
