-- Renaming a column that running code uses.
alter table orders rename column total to amount; -- expect: renaming-column
alter table public.customers rename email to email_address; -- expect: renaming-column
alter view order_totals
    rename column total to amount; -- expect: renaming-column

-- Clean: new tables, columns added in this migration, other renames.
create table scratch (id bigint, note text);
alter table scratch rename column note to body;
alter table orders add column draft text;
alter table orders rename column draft to draft_body;
alter table orders rename constraint orders_total_check to orders_amount_check;
