-- toml: [options]
-- toml: drop_table_allowed_pattern = "_deprecated$"
-- Dropping a table that existed before the migration loses its data.
drop table orders; -- expect: ban-drop-table
drop table if exists public.invoices cascade; -- expect: ban-drop-table
drop table
    audit_log, -- expect: ban-drop-table
    archive.events; -- expect: ban-drop-table
-- A materialized view (derived data) and a foreign table (remote data) are warnings.
drop materialized view daily_stats; -- expect: ban-drop-table (warning)
drop foreign table remote_customers; -- expect: ban-drop-table (warning)
drop table customers_archive; -- expect: ban-drop-table (error)

-- Clean: tables created earlier in this migration, a table renamed out of use (allowed by the option),
-- and other kinds of relation.
create table import_scratch (id bigint primary key, payload text);
drop table import_scratch;
create table totals_copy as select * from totals;
drop table totals_copy;
create materialized view scratch_stats as select 1 as one;
drop materialized view scratch_stats;
drop table customers_deprecated;
drop view order_totals;
drop index orders_status_idx;
