-- VACUUM FULL and CLUSTER rewrite the table under an ACCESS EXCLUSIVE lock.
vacuum full orders; -- expect: prefer-repack
vacuum (full, analyze) public.order_lines; -- expect: prefer-repack
vacuum full; -- expect: prefer-repack
cluster orders using orders_pkey; -- expect: prefer-repack
cluster; -- expect: prefer-repack
vacuum (full true) orders; -- expect: prefer-repack
vacuum (full on) orders; -- expect: prefer-repack
vacuum (full 1) orders; -- expect: prefer-repack

-- Clean: plain VACUUM, ANALYZE, and a table created in this migration.
vacuum orders;
vacuum (analyze, verbose) orders;
vacuum (full false) orders;
vacuum (full off, analyze) orders;
vacuum (full 0) orders;
analyze orders;
create table scratch (id bigint primary key);
vacuum full scratch;
cluster scratch using scratch_pkey;
