-- toml: [options]
-- toml: hot_tables = ["public.orders"]
-- toml: hot_table_rows = 10000000
-- catalog: table public.payments tags=hot,financial
-- catalog: table public.events rows=50000000
-- catalog: table public.notes rows=1000
-- A SHARE lock or stronger on a hot table blocks its writes.
alter table orders add column note text; -- expect: ddl-on-hot-table
create index orders_note_idx on orders (note); -- expect: ddl-on-hot-table
alter table refunds add constraint refunds_payment_fk foreign key (payment_id) references payments (id) not valid; -- expect: ddl-on-hot-table
create trigger payments_audit after update on payments for each row execute function audit(); -- expect: ddl-on-hot-table
vacuum full events; -- expect: ddl-on-hot-table

-- Clean: online forms that take at most SHARE UPDATE EXCLUSIVE, DML, and tables that are not hot.
create index concurrently orders_note_idx on orders (note);
alter table orders validate constraint orders_total_check;
update orders set note = '' where id = 1;
alter table notes add column body text;
create table scratch (id bigint);
