-- A non-unique index with more than max_index_columns (default 3) key columns.
create index concurrently orders_wide_idx on orders (customer_id, status, placed_at, total); -- expect: index-too-many-columns
create index concurrently on orders (a, b, c, d, e); -- expect: index-too-many-columns

-- Clean: three columns, a unique index (the columns define the key), INCLUDE columns do not count.
create index concurrently orders_narrow_idx on orders (customer_id, status, placed_at);
create unique index concurrently orders_natural_key on orders (store_id, year, month, number);
create index concurrently orders_covering_idx on orders (customer_id) include (status, placed_at, total);
