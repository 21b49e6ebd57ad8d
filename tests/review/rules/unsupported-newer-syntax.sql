-- toml: pg_version = 18
-- PostgreSQL 16+ statements the PostgreSQL 15 parser cannot read.
alter table orders alter column total set expression as (price * qty); -- expect: unsupported-newer-syntax
alter table orders add constraint orders_note_nn not null note not valid; -- expect: unsupported-newer-syntax
alter table orders add column total2 numeric generated always as (price * qty) virtual; -- expect: unsupported-newer-syntax
alter table orders add column total3 numeric generated always as (price * qty); -- expect: unsupported-newer-syntax
alter table orders add constraint orders_customer_fk foreign key (customer_id) -- expect: unsupported-newer-syntax
    references customers not enforced;
select 1_000_000; -- expect: unsupported-newer-syntax
grant readers to bob with inherit true; -- expect: unsupported-newer-syntax
merge into orders o using staging s on o.id = s.id when not matched by source then delete; -- expect: unsupported-newer-syntax

-- Clean: a plain syntax error is syntax-error's business, and statements that parse.
alter table orders add colum note text;
alter table orders add column total4 numeric generated always as (price * qty) stored;
alter table orders add column note text;
