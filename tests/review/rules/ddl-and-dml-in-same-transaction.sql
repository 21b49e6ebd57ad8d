-- A backfill in the same transaction (or migration) as DDL on the same table.
begin;
alter table orders add column note text;
update orders set note = '' where note is null; -- expect: ddl-and-dml-in-same-transaction
insert into customers (name) values ('x');
commit;
create index customers_name_idx on customers (name);
delete from public.customers where name is null; -- expect: ddl-and-dml-in-same-transaction

-- Clean: DML on a table created in this migration, DML on a table without DDL, DDL after DML.
create table notes (id bigint primary key, body text);
alter table notes add column author text;
insert into notes (id, body) values (1, 'x');
update invoices set total = 0 where total is null;
alter table invoices alter column total set default 0;
