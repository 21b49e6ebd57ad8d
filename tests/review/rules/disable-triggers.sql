-- Disabling triggers.
alter table orders disable trigger all; -- expect: disable-triggers
alter table orders disable trigger user; -- expect: disable-triggers
alter table payments disable trigger payments_audit; -- expect: disable-triggers
set session_replication_role = replica; -- expect: disable-triggers
alter table customers
    enable trigger customers_touch,
    disable trigger customers_audit; -- expect: disable-triggers

-- Clean: a named trigger re-enabled later in this migration, tables created in this migration, resetting the
-- replication role, enabling triggers.
alter table invoices disable trigger invoices_touch;
update invoices set total = total where id = 1;
alter table invoices enable trigger invoices_touch;
create table scratch (id bigint);
alter table scratch disable trigger all;
set session_replication_role = origin;
alter table shipments enable trigger all;
