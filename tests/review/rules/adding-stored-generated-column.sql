-- A stored generated column is computed for every existing row.
alter table orders add column total_cents bigint -- expect-below: adding-stored-generated-column
    generated always as (total * 100) stored;

-- Clean: a plain column, and a table created in this migration.
alter table orders add column total_cents_copy bigint;
create table scratch (a int, b int);
alter table scratch add column c int generated always as (a + b) stored;
