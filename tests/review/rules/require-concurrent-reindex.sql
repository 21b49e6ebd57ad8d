-- A plain REINDEX blocks writes to the table and reads that use the index.
reindex index orders_status_idx; -- expect: require-concurrent-reindex
reindex table public.orders; -- expect: require-concurrent-reindex
reindex (verbose) table orders; -- expect: require-concurrent-reindex
reindex schema app; -- expect: require-concurrent-reindex

-- Clean: both spellings of CONCURRENTLY, and an index created in this migration.
reindex (concurrently) table orders;
reindex index concurrently orders_status_idx;
create table scratch (id bigint);
create index scratch_id_idx on scratch (id);
reindex index scratch_id_idx;
