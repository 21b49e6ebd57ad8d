-- A suppression must say why.
-- expect-below: suppression-without-reason
-- sluice-ignore require-concurrent-index-creation
create index orders_status_idx on orders (status);

-- Clean: with a reason.
-- sluice-ignore require-concurrent-index-creation: the table holds twelve rows
create index orders_kind_idx on orders (kind);
