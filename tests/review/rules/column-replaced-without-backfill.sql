-- catalog: table public.accounts columns=id:bigint!,status:text
-- A new column replaces an old one in the same migration, with no data copied in between.
alter table orders add column amount_cents bigint;
alter table orders drop column amount; -- expect: column-replaced-without-backfill

alter table customers
    add column full_name text,
    drop column name; -- expect: column-replaced-without-backfill

alter table products drop column price; -- expect: column-replaced-without-backfill
alter table products add column price numeric(12, 2);

-- With the catalog, a new column of the same type counts as a replacement even under another name.
alter table accounts add column state text;
alter table accounts drop column status; -- expect: column-replaced-without-backfill

-- Clean: a backfill between the add and the drop, a copy through INSERT ... SELECT, a drop with nothing
-- added, and new tables.
alter table invoices add column total_cents bigint;
update invoices set total_cents = (total * 100)::bigint where id between 1 and 100000;
alter table invoices drop column total;

alter table shipments add column carrier_id bigint;
insert into carriers (name) select distinct carrier from shipments;
alter table shipments drop column carrier;

alter table payments drop column legacy_ref;

-- An unrelated column added in the same migration is not a replacement (ban-drop-column covers the drop).
alter table payments add column note text;
alter table payments drop column provider_code;

create table drafts (id bigint primary key, body text);
alter table drafts add column body_md text;
alter table drafts drop column body;
