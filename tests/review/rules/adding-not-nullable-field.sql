-- SET NOT NULL scans the table under an ACCESS EXCLUSIVE lock.
alter table orders alter column status set not null; -- expect: adding-not-nullable-field
alter table public.orders alter placed_at drop default, alter placed_at set not null; -- expect: adding-not-nullable-field

-- A check that was never validated, or that does not prove the column NOT NULL, does not help.
alter table orders add constraint orders_total_not_null check (total is not null) not valid;
alter table orders alter column total set not null; -- expect: adding-not-nullable-field
alter table orders add constraint orders_qty_check check (qty > 0);
alter table orders alter column qty set not null; -- expect: adding-not-nullable-field

-- Clean (PostgreSQL 12+): a validated CHECK (col IS NOT NULL) lets SET NOT NULL skip its scan.
alter table customers add constraint customers_email_not_null check (email is not null) not valid;
alter table customers validate constraint customers_email_not_null;
alter table customers alter column email set not null;
alter table customers drop constraint customers_email_not_null;
-- A check added NOT VALID by an earlier migration and validated here.
alter table customers validate constraint customers_name_not_null;
alter table customers alter column name set not null;
-- A table created in this migration.
create table scratch (id bigint);
alter table scratch alter column id set not null;
