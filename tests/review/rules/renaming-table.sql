-- Renaming a table or view that running code uses.
alter table orders rename to purchase_orders; -- expect: renaming-table
alter view public.order_totals rename to order_sums; -- expect: renaming-table
alter materialized view daily_stats rename to daily_statistics; -- expect: renaming-table

-- Clean: a compatibility view under the old name, and a table created in this migration.
alter table customers rename to clients;
create view customers as select * from clients;
create table scratch (id bigint);
alter table scratch rename to scratch2;
