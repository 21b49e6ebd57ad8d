-- smallint columns overflow at 32,767.
create table regions (
    id smallserial primary key, -- expect: prefer-bigint-over-smallint
    priority smallint not null default 0, -- expect: prefer-bigint-over-smallint
    name text
);
alter table orders add column retries int2; -- expect: prefer-bigint-over-smallint

-- Clean: bigint and integer columns, and an array of smallint.
create table countries (id bigint primary key, population bigint, rank integer, codes smallint[]);
