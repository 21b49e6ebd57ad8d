-- Consecutive ALTER TABLE statements on one table each take the ACCESS EXCLUSIVE lock again.
alter table orders add column note text;
alter table orders add column memo text; -- expect: merge-alter-table
alter table orders alter column memo set default ''; -- expect: merge-alter-table
select 1;
alter table public.orders drop column legacy; -- expect: merge-alter-table

-- Clean: other tables in between are fine to skip, but a backfill, a transaction boundary, or
-- NOT VALID / VALIDATE keep statements apart.
alter table customers add column tier text;
update customers set tier = 'basic' where tier is null;
alter table customers alter column tier set not null;
begin;
alter table invoices add column paid_at timestamptz;
commit;
alter table invoices add column paid_by text;
alter table coupons add constraint coupons_code_check check (code <> '') not valid;
alter table coupons validate constraint coupons_code_check;
alter table events attach partition events_2024 for values from ('2024-01-01') to ('2025-01-01');
alter table events set (fillfactor = 90);
create table scratch (id bigint);
alter table scratch add column a int;
alter table scratch add column b int;
