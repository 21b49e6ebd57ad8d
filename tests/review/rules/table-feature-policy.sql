-- Partitioned tables and foreign keys, which the table policy disallows by default.
create table events ( -- id and at
    id bigint not null,
    at timestamptz not null
) partition by range (at); -- expect: table-feature-policy
create table payments (
    id bigint primary key,
    order_id bigint references orders (id) -- expect: table-feature-policy
);
alter table orders add constraint orders_customer_fkey -- expect: table-feature-policy
    foreign key (customer_id) references customers (id) not valid;

-- Clean: plain tables, a partition of an existing parent, other constraints.
create table notes (id bigint primary key, order_id bigint not null, body text check (body <> ''));
create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
alter table orders add constraint orders_total_check check (total >= 0) not valid;
