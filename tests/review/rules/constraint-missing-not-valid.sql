-- Adding a CHECK constraint scans the table under an ACCESS EXCLUSIVE lock.
alter table orders add constraint orders_total_check check (total >= 0); -- expect: constraint-missing-not-valid
alter table public.orders
    add check (quantity > 0); -- expect: constraint-missing-not-valid

-- Clean: NOT VALID, then VALIDATE in a later transaction; other constraint kinds; a new table.
alter table orders add constraint orders_total_check check (total >= 0) not valid;
alter table orders validate constraint orders_total_check;
alter table orders add constraint orders_customer_fk foreign key (customer_id) references customers (id) not valid;
create table scratch (id bigint, n int);
alter table scratch add constraint scratch_n_check check (n > 0);
