-- A plain REINDEX blocks writes to the table and reads that use the index.
reindex index orders_status_idx; -- expect: require-concurrent-reindex
reindex table public.orders; -- expect: require-concurrent-reindex
reindex (verbose) table orders; -- expect: require-concurrent-reindex
reindex schema app; -- expect: require-concurrent-reindex
-- CONCURRENTLY switched off by its value is a plain REINDEX.
reindex (concurrently false) index orders_status_idx; -- expect: require-concurrent-reindex
reindex (concurrently off) table orders; -- expect: require-concurrent-reindex
reindex (concurrently 0) table orders; -- expect: require-concurrent-reindex
reindex (concurrently, concurrently false) table orders; -- expect: require-concurrent-reindex

-- Clean: both spellings of CONCURRENTLY, and an index created in this migration.
reindex (concurrently) table orders;
reindex index concurrently orders_status_idx;
reindex (concurrently true) table orders;
reindex (concurrently on) table orders;
reindex (concurrently 1, verbose) table orders;
create table scratch (id bigint);
create index scratch_id_idx on scratch (id);
reindex index scratch_id_idx;
-- Clean: system catalogs, which PostgreSQL cannot reindex concurrently.
reindex system app;
reindex schema pg_catalog;
reindex table pg_catalog.pg_class;
reindex index pg_toast.pg_toast_2619_index;
