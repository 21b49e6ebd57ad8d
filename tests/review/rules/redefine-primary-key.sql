-- catalog: constraint public.accounts accounts_id_key type=p columns=id
-- Dropping the primary key and adding a new one rebuilds the index under ACCESS EXCLUSIVE.
alter table orders drop constraint orders_pkey;
alter table orders add primary key (id, region); -- expect: redefine-primary-key
alter table accounts drop constraint accounts_id_key, add constraint accounts_pk primary key (uuid); -- expect: redefine-primary-key

-- Clean: the swap through an index built concurrently, and a constraint that is not the primary key.
create unique index concurrently customers_new_pk_idx on customers (id, region);
alter table customers drop constraint customers_pkey, add constraint customers_pkey primary key using index customers_new_pk_idx;
alter table invoices drop constraint invoices_number_key;
alter table invoices add constraint invoices_number_key unique (number, year);
