-- toml: [options]
-- toml: naming_foreign_key_pattern = "^fk_{{table}}_{{column_list}}$"
-- Names that break the convention (defaults follow PostgreSQL's own naming; foreign keys are configured).
create table "OrderItems" (id bigint primary key); -- expect: naming-convention
create table order_items (
    id bigint constraint order_items_pk primary key, -- expect: naming-convention
    "OrderId" bigint not null, -- expect: naming-convention
    sku text constraint sku_unique unique, -- expect: naming-convention
    quantity integer constraint positive_quantity check (quantity > 0), -- expect: naming-convention
    constraint order_items_order_fkey foreign key ("OrderId") references orders (id) -- expect: naming-convention
);
create index concurrently idx_orders_status on orders (status); -- expect: naming-convention
create unique index concurrently orders_number_uniq on orders (number); -- expect: naming-convention
alter table orders add column "createdAt" timestamptz; -- expect: naming-convention
alter table orders add foreign key (customer_id) references customers (id); -- expect: naming-convention
alter table orders rename column note to "Note"; -- expect: naming-convention
alter index orders_placed_idx rename to placed; -- expect: naming-convention

-- Clean: names that follow the convention, and unnamed objects whose convention is not configured.
create table line_items (
    id bigint primary key,
    order_id bigint not null,
    sku text unique,
    quantity integer check (quantity > 0),
    constraint fk_line_items_order_id foreign key (order_id) references orders (id)
);
create index concurrently orders_status_idx on orders (status);
create unique index concurrently orders_number_key on orders (number);
alter table orders add constraint orders_total_check check (total >= 0);
alter table orders add constraint fk_orders_store_id foreign key (store_id) references stores (id);
create schema reporting;
