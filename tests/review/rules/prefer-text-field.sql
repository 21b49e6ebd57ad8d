-- varchar(n): the limit is costly to change later.
create table customers (
    id bigint primary key,
    email varchar(255) not null, -- expect: prefer-text-field
    name character varying(100) -- expect: prefer-text-field
);
alter table orders add column coupon_code varchar(32); -- expect: prefer-text-field
alter table orders alter column note type varchar(500); -- expect: prefer-text-field

-- Clean: text, text with a CHECK, and varchar without a length.
create table products (
    id bigint primary key,
    sku text not null check (length(sku) <= 32),
    title varchar
);
alter table orders alter column note type text;
