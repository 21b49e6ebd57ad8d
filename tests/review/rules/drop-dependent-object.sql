-- Dropping objects used by code PostgreSQL does not track.
drop view order_totals; -- expect: drop-dependent-object
drop function recalc_totals(bigint); -- expect: drop-dependent-object
drop procedure archive_orders; -- expect: drop-dependent-object
drop type order_status; -- expect: drop-dependent-object
drop domain email_address; -- expect: drop-dependent-object
drop extension pg_trgm; -- expect: drop-dependent-object
drop rule orders_protect on orders; -- expect: drop-dependent-object

-- Clean: objects created in this migration, and other drops (other rules).
create view scratch_view as select 1 as one;
drop view scratch_view;
create function helper() returns int language sql as 'select 1';
drop function helper();
create type mood as enum ('ok', 'sad');
drop type mood;
create extension hstore;
drop extension hstore;
drop index orders_status_idx;
drop materialized view reporting.daily_stats; -- ban-drop-table covers materialized views
drop foreign table remote_customers;
