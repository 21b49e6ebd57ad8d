-- BEGIN inside a transaction, COMMIT or ROLLBACK outside one.
commit; -- expect: transaction-nesting
begin;
alter table orders add column note text;
begin; -- expect: transaction-nesting
update orders set note = '';
commit;
rollback; -- expect: transaction-nesting
savepoint before_backfill; -- expect: transaction-nesting

-- Clean: one transaction with a savepoint.
start transaction;
savepoint before_backfill;
update orders set note = 'x' where note is null;
rollback to savepoint before_backfill;
release before_backfill;
end;
