-- NOT VALID then VALIDATE in one transaction: the lock of ADD CONSTRAINT is held through the validation scan.
begin;
alter table orders add constraint orders_total_check check (total >= 0) not valid;
alter table orders validate constraint orders_total_check; -- expect: validate-constraint-in-same-transaction
commit;

begin;
alter table orders add column note text;
alter table orders validate constraint orders_customer_fk; -- expect: validate-constraint-in-same-transaction
commit;

-- The same statement: VALIDATE runs under the lock another command takes.
alter table orders add column memo text, validate constraint orders_memo_check; -- expect: validate-constraint-in-same-transaction

-- Clean: ADD ... NOT VALID committed before VALIDATE; VALIDATE alone; another table locked before.
begin;
alter table order_lines add constraint order_lines_qty_check check (qty > 0) not valid;
commit;
begin;
alter table order_lines validate constraint order_lines_qty_check;
commit;
alter table customers add constraint customers_email_check check (email <> '') not valid;
alter table customers validate constraint customers_email_check;
begin;
alter table coupons add column code text;
alter table customers validate constraint customers_email_check;
commit;
