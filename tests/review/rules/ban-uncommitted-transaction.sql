-- A transaction that is never committed.
begin;
alter table orders add column note text;
commit;
begin; -- expect: ban-uncommitted-transaction
update orders set note = '' where note is null;
