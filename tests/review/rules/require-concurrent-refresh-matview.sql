-- A plain refresh locks the materialized view against reads while its query runs.
refresh materialized view daily_sales; -- expect: require-concurrent-refresh-matview
refresh materialized view reporting.daily_sales with data; -- expect: require-concurrent-refresh-matview

-- Clean: CONCURRENTLY, WITH NO DATA, and a view created in this migration.
refresh materialized view concurrently daily_sales;
refresh materialized view daily_sales with no data;
create materialized view weekly_sales as select 1 as n;
refresh materialized view weekly_sales;
