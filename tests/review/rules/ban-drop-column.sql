-- Dropping a column of an existing table loses its data and breaks code that still uses it.
alter table orders drop column legacy_status; -- expect: ban-drop-column
alter table public.customers drop column if exists fax cascade; -- expect: ban-drop-column
alter table orders
    add column note text,
    drop column orders; -- expect: ban-drop-column
alter table "Accounts" drop "Nickname"; -- expect: ban-drop-column

-- Clean: new tables, columns added earlier in the same migration, other ALTER TABLE actions.
create table scratch (id bigint primary key, tmp text);
alter table scratch drop column tmp;
alter table orders add column draft_flag boolean;
alter table orders drop column draft_flag;
alter table orders drop constraint orders_note_check;
alter table orders alter column note set default '';
