-- toml: pg_version = 14
-- toml: [options]
-- toml: server_version_num = 140002
-- Concurrent index builds on PostgreSQL 14.0-14.3.
create index concurrently orders_status_idx on orders (status); -- expect: pg14-concurrent-index-corruption
reindex index concurrently orders_pkey; -- expect: pg14-concurrent-index-corruption
reindex (concurrently) table orders; -- expect: pg14-concurrent-index-corruption

-- Clean: builds that are not concurrent.
create index orders_placed_idx on orders (placed_at);
reindex index orders_pkey;
reindex (concurrently false) index orders_pkey;
reindex (concurrently off) table orders;
