-- The same column twice in an index key or a key constraint.
create index concurrently orders_status_idx on orders (status, placed_at, status); -- expect: index-duplicate-column
create table tags (
    name text,
    owner_id bigint,
    primary key (owner_id, name, owner_id) -- expect: index-duplicate-column
);
alter table orders
    add constraint orders_number_key unique (number, number); -- expect: index-duplicate-column

-- Clean: distinct columns, and an expression that mentions a key column again.
create index concurrently orders_status_lower_idx on orders (status, lower(status));
create unique index concurrently orders_store_number_key on orders (store_id, number);
