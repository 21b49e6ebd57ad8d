-- A table dropped and created again with the same name.
drop table settings;
create table settings (key text primary key, value jsonb); -- expect: drop-and-recreate-table
drop table if exists public.rates;
create table rates as select * from rates_staging; -- expect: drop-and-recreate-table

-- Clean: a table created and recreated within this migration, a new name, and CREATE IF NOT EXISTS alone.
create table scratch (id bigint);
drop table scratch;
create table scratch (id bigint, note text);
drop table old_prices;
create table prices (sku text primary key, amount numeric);
create table if not exists feature_flags (name text primary key);
