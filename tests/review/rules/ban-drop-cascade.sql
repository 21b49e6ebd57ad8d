-- CASCADE drops dependent objects silently.
drop view order_totals cascade; -- expect: ban-drop-cascade
drop function if exists recalc_totals(bigint) cascade; -- expect: ban-drop-cascade
drop type order_status
    cascade; -- expect: ban-drop-cascade
alter table orders drop column status cascade; -- expect: ban-drop-cascade
alter table orders
    drop constraint orders_customer_fkey cascade, -- expect: ban-drop-cascade
    drop column legacy cascade; -- expect: ban-drop-cascade

-- Clean: without CASCADE, and relations created in this migration.
drop view order_totals;
alter table orders drop column status;
alter table orders drop constraint orders_customer_fkey restrict;
create table scratch (id bigint primary key, note text);
create view scratch_view as select id from scratch;
drop table scratch cascade;
