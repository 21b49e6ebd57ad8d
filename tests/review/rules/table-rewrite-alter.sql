-- These forms rewrite or copy the relation under an ACCESS EXCLUSIVE lock.
alter table events set logged; -- expect: table-rewrite-alter
alter table events set unlogged; -- expect: table-rewrite-alter
alter table events set access method heap2; -- expect: table-rewrite-alter
alter table events set tablespace fast_ssd; -- expect: table-rewrite-alter
alter index events_pkey set tablespace fast_ssd; -- expect: table-rewrite-alter
alter materialized view daily_sales set tablespace fast_ssd; -- expect: table-rewrite-alter
alter table all in tablespace slow_hdd set tablespace fast_ssd; -- expect: table-rewrite-alter

-- Clean: settings that do not rewrite, and a table created in this migration.
alter table events set (fillfactor = 90);
alter table events alter column payload set storage external;
create unlogged table staging (id bigint);
alter table staging set logged;
