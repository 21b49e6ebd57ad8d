-- Names that are reserved keywords or need double quotes.
create table "order" ( -- expect: naming-reserved-keyword
    id bigint primary key,
    "user" bigint, -- expect: naming-reserved-keyword
    "Status" text, -- expect: naming-reserved-keyword
    "created at" timestamptz -- expect: naming-reserved-keyword
);
alter table orders add column "limit" integer; -- expect: naming-reserved-keyword
alter table orders rename column note to "Note"; -- expect: naming-reserved-keyword
create index concurrently "OrdersStatusIdx" on orders (status); -- expect: naming-reserved-keyword
create table "table" (id bigint primary key); -- expect: naming-reserved-keyword
create table app."Orders" (id bigint primary key); -- expect: naming-reserved-keyword

-- Clean: lower_snake names, including non-reserved keywords (name, type, value, status).
create table orders_history (id bigint primary key, name text, type text, value numeric, status text);
alter table orders add column order_limit integer;
create index concurrently orders_status_idx on orders (status);
-- Clean: a reserved word as a schema-qualified relation name needs no quotes after the dot.
create table app.table (id bigint primary key);
create view app.select as select 1 as id;
create table app.order as select 1 as id;
