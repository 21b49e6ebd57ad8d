-- catalog: table public.orders columns=id:bigint!,email:text!,total:numeric
-- catalog: constraint public.orders orders_total_positive type=c columns=total
-- (catalog definitions cannot contain spaces in a fixture: CHECK((email)IS(NOT(NULL))) reads as CHECK ((email IS NOT NULL)))
-- catalog: constraint public.orders orders_email_not_null type=c columns=email definition=CHECK((email)IS(NOT(NULL)))
-- catalog: index public.orders orders_ref_uniq columns=ref unique
-- Dropping a constraint removes an integrity guarantee.
alter table orders drop constraint orders_customer_id_fkey; -- expect: drop-constraint
alter table orders drop constraint orders_total_positive; -- expect: drop-constraint
alter table orders
    drop constraint if exists orders_ref_uniq, -- expect: drop-constraint
    drop constraint orders_pkey; -- expect: drop-constraint
alter table payments drop constraint payments_amount_check; -- expect: drop-constraint

-- Clean: the online SET NOT NULL recipe within this migration, a replacement validated before the drop,
-- and new tables.
alter table customers add constraint customers_email_not_null check (email is not null) not valid;
alter table customers validate constraint customers_email_not_null;
alter table customers alter column email set not null;
alter table customers drop constraint customers_email_not_null;

alter table invoices add constraint invoices_customer_fkey2 foreign key (customer_id) references customers not valid;
alter table invoices validate constraint invoices_customer_fkey2;
alter table invoices drop constraint invoices_customer_fkey;

-- The catalog says orders.email is already NOT NULL: its IS NOT NULL check is redundant.
alter table orders drop constraint orders_email_not_null;

create table scratch (id bigint constraint scratch_id_check check (id > 0));
alter table scratch drop constraint scratch_id_check;
