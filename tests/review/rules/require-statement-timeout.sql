-- The first statement that takes SHARE or stronger on an existing table, with no statement_timeout set.
set lock_timeout = '2s';
create table notes (id bigint primary key);
alter table notes add column body text;
select count(*) from orders;
create index orders_status_idx -- expect-below: require-statement-timeout
    on orders (status);
alter table orders add column note text;
