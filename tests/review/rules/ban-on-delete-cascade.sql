-- ON DELETE CASCADE foreign keys (policy rule).
create table order_items (
    id bigint primary key,
    order_id bigint not null references orders (id) on delete cascade, -- expect: ban-on-delete-cascade
    product_id bigint references products on update cascade on delete restrict,
    foreign key (order_id, product_id) references order_products on delete cascade -- expect: ban-on-delete-cascade
);
alter table payments add constraint payments_order_fkey foreign key (order_id)
    references orders (id) on delete cascade not valid; -- expect: ban-on-delete-cascade
alter table invoices
    add column order_id bigint references orders on delete cascade; -- expect: ban-on-delete-cascade

-- Clean: other delete actions.
alter table refunds add constraint refunds_order_fkey foreign key (order_id) references orders (id) not valid;
alter table notes add constraint notes_order_fkey foreign key (order_id)
    references orders (id) on delete set null on update cascade not valid;
