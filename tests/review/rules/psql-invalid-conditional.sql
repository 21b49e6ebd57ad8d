-- Constant booleans choose the branch; anything else is a finding.
\set with_index on
\if :with_index
create index concurrently orders_status_idx on orders (status);
\else
create index orders_status_idx on orders (status);
\endif
\if maybe -- expect: psql-invalid-conditional
select 1;
\endif
\endif -- expect: psql-invalid-conditional
