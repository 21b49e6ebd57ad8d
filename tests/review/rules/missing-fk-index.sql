-- catalog: table public.orders rows=5000000 columns=id:bigint!,customer_id:bigint,store_id:bigint,region:text
-- catalog: index public.orders orders_pkey columns=id primary unique
-- catalog: index public.orders orders_store_region_idx columns=store_id,region
-- A foreign key whose columns lead no index: deletes on the parent scan the child.
alter table orders add constraint orders_customer_fkey foreign key (customer_id) -- expect: missing-fk-index
    references customers (id) not valid;
create table payments (
    id bigint primary key,
    order_id bigint references orders (id), -- expect: missing-fk-index
    refund_of bigint,
    constraint payments_refund_fkey foreign key (refund_of) references payments (id) -- expect: missing-fk-index
);
alter table orders add column coupon_id bigint references coupons (id); -- expect: missing-fk-index
create table lines (
    order_id bigint not null references orders (id), -- expect: missing-fk-index
    product_id bigint not null
);
-- a partial index does not serve the foreign key check
create index concurrently lines_order_open_idx on lines (order_id) where product_id > 0;

-- Clean: the catalog's index leads with store_id, the primary key covers id, and indexes created anywhere
-- in the file count (before or after the constraint).
alter table orders add constraint orders_store_fkey foreign key (store_id) references stores (id) not valid;
create table shipments (
    id bigint primary key references orders (id),
    order_id bigint not null,
    warehouse_id bigint not null,
    foreign key (order_id, warehouse_id) references order_warehouses (order_id, warehouse_id)
);
create index shipments_warehouse_order_idx on shipments (warehouse_id, order_id);
create table refunds (payment_id bigint not null references payments (id), amount numeric);
create index refunds_payment_idx on refunds (payment_id);
