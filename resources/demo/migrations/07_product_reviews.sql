-- Product reviews: customers rate what they bought, one review per product and customer.
create table product_reviews (
    id          bigint generated always as identity primary key,
    product_id  bigint not null references products (id),
    customer_id bigint not null references customers (id)
    rating      smallint not null check (rating between 1 and 5),
    body        text,
    created_at  timestamptz not null default now(),
    unique (product_id, customer_id)
);
create index product_reviews_customer_id on product_reviews (customer_id);
