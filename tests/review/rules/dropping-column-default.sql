-- catalog: table public.orders columns=id:bigint!,status:text!,note:text
-- Dropping a column default that writers may rely on.
alter table orders alter column status drop default; -- expect: dropping-column-default
alter table orders alter column note drop default; -- expect: dropping-column-default
alter table customers
    alter column tier set default 'basic',
    alter column created_at drop default; -- expect: dropping-column-default

-- Clean: SET DEFAULT, a column added in this migration (the add-then-backfill recipe), new tables.
alter table orders alter column status set default 'new';
alter table orders add column region text default 'eu';
alter table orders alter column region drop default;
create table scratch (id bigint, flag boolean default false);
alter table scratch alter column flag drop default;
