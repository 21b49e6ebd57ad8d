-- Trigger changes lock the table against writes (or everything, for DROP TRIGGER).
create trigger orders_audit after update on orders -- expect: trigger-ddl-on-existing-table
    for each row execute function audit();
create or replace trigger orders_touch before update on public.orders -- expect: trigger-ddl-on-existing-table
    for each row execute function touch();
drop trigger orders_audit on orders; -- expect: trigger-ddl-on-existing-table
alter table orders disable trigger orders_touch; -- expect: trigger-ddl-on-existing-table
alter table orders enable always trigger orders_touch; -- expect: trigger-ddl-on-existing-table

-- Clean: triggers on a table created in this migration; other ALTER TABLE forms.
create table scratch (id bigint);
create trigger scratch_audit after insert on scratch for each row execute function audit();
alter table scratch disable trigger all;
drop trigger scratch_audit on scratch;
alter table orders add column note text;
