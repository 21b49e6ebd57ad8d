-- catalog: table public.orders columns=id:bigint!,customer_id:bigint!,note:text
-- Dropping NOT NULL on an existing column.
alter table orders alter column customer_id drop not null; -- expect: ban-drop-not-null
alter table public.customers
    alter column email set default '',
    alter email drop not null; -- expect: ban-drop-not-null

-- Clean: new tables, columns added in this migration, SET NOT NULL.
create table scratch (id bigint not null);
alter table scratch alter column id drop not null;
alter table orders add column region text not null default 'eu';
alter table orders alter column region drop not null;
alter table orders alter column status set not null;
-- The catalog says orders.note is already nullable.
alter table orders alter column note drop not null;
