-- smallint columns overflow at 32,767.
create table regions (
    id smallserial primary key, -- expect: prefer-bigint-over-smallint
    priority smallint not null default 0, -- expect: prefer-bigint-over-smallint
    name text
);
alter table orders add column retries int2; -- expect: prefer-bigint-over-smallint
-- Arrays of smallint: each element overflows the same way.
create table weekly (
    id bigint primary key,
    counts smallint[], -- expect: prefer-bigint-over-smallint (info)
    codes int2[] -- expect: prefer-bigint-over-smallint (info)
);
alter table orders add column steps smallint[]; -- expect: prefer-bigint-over-smallint (info)

-- Clean: bigint and integer columns, and arrays of bigint and integer.
create table countries (id bigint primary key, population bigint, rank integer, codes bigint[], ranks int[]);
