-- catalog: table public.products columns=id:bigint!,sku:varchar(32),title:text,price:numeric(12),weight:float8,stock:integer,created_at:timestamptz
-- catalog: table public.events columns=id:bigint!,happened_at:timestamp(6)
-- A column changed to a narrower type than the one it has.
alter table products alter column sku type varchar(16); -- expect: narrowing-column-type
alter table products alter column title type varchar(200); -- expect: narrowing-column-type
alter table products
    alter column price type numeric(8, 2), -- expect: narrowing-column-type
    alter column weight type real; -- expect: narrowing-column-type
alter table products alter column id type integer; -- expect: narrowing-column-type
alter table products alter column stock type smallint; -- expect: narrowing-column-type
alter table products alter column created_at type date using created_at::date; -- expect: narrowing-column-type
alter table events alter column happened_at type timestamp(0); -- expect: narrowing-column-type
-- The type set by an earlier statement of this migration is the one compared.
alter table orders alter column code type varchar(40);
alter table orders alter column code type varchar(12); -- expect: narrowing-column-type

-- Clean: widening, unknown old types, columns added in this migration, and new tables.
alter table products alter column sku type varchar(64);
alter table products alter column stock type bigint;
alter table products alter column price type numeric(14, 2);
alter table products alter column title type text;
alter table customers alter column name type varchar(50);
alter table products add column summary text;
alter table products alter column summary type varchar(100);
create table drafts (body text);
alter table drafts alter column body type varchar(10);
