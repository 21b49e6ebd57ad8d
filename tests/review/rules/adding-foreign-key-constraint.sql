-- A foreign key without NOT VALID blocks writes on both tables while the referencing table is scanned.
alter table orders add constraint orders_customer_fk -- expect: adding-foreign-key-constraint
    foreign key (customer_id) references customers (id);
alter table order_lines add foreign key (order_id) references orders; -- expect: adding-foreign-key-constraint
alter table orders add column coupon_id bigint references coupons (id); -- expect: adding-foreign-key-constraint

-- Clean: NOT VALID then VALIDATE; a new table; a CHECK.
alter table orders add constraint orders_customer_fk foreign key (customer_id) references customers (id) not valid;
alter table orders validate constraint orders_customer_fk;
create table refunds (id bigint primary key, order_id bigint);
alter table refunds add constraint refunds_order_fk foreign key (order_id) references orders (id);
alter table orders add column coupon_code text;
