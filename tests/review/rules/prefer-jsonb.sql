-- json columns.
create table events (
    id bigint primary key,
    payload json, -- expect: prefer-jsonb
    tags json[] -- expect: prefer-jsonb
);
alter table orders add column metadata json; -- expect: prefer-jsonb
alter table orders alter column extra type json using extra::json; -- expect: prefer-jsonb

-- Clean: jsonb, and casts in expressions.
create table audit (id bigint primary key, payload jsonb);
alter table orders add column attrs jsonb;
alter table orders alter column extra type jsonb using extra::jsonb;
select '{"a": 1}'::json;
