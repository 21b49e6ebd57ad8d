-- Switching autovacuum off for a table or its TOAST table.
create table events (id bigint primary key, payload jsonb) with (autovacuum_enabled = false); -- expect: autovacuum-disabled
alter table orders set (autovacuum_enabled = off); -- expect: autovacuum-disabled
alter table orders set (fillfactor = 90, toast.autovacuum_enabled = 0); -- expect: autovacuum-disabled
create materialized view order_totals with (autovacuum_enabled = 'false') as -- expect: autovacuum-disabled
    select customer_id, sum(total) from orders group by customer_id;

-- Clean: autovacuum kept on and tuned instead.
alter table orders set (autovacuum_enabled = true);
alter table orders set (autovacuum_enabled);
alter table orders set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_cost_limit = 2000);
alter table orders reset (autovacuum_enabled);
