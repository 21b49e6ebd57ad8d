-- A new enum value used before the transaction that added it commits.
begin;
alter type order_status add value 'refunded';
update orders set status = 'refunded' where refunded_at is not null; -- expect: enum-value-used-in-same-transaction
alter table orders alter column status set default 'refunded'::order_status; -- expect: enum-value-used-in-same-transaction
commit;
-- Clean: after the commit the value can be used.
insert into orders (status) values ('refunded');

-- Clean: the value is not used in the transaction; RENAME VALUE is not an addition.
begin;
alter type order_status add value 'disputed';
update orders set status = 'open' where status is null;
alter type order_status rename value 'open' to 'opened';
update orders set status = 'opened' where status is null;
commit;
