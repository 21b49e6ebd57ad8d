-- Moving objects that running code uses to another schema.
alter table orders set schema sales; -- expect: changing-object-schema
alter view public.order_totals set schema reporting; -- expect: changing-object-schema
alter sequence invoice_number_seq set schema billing; -- expect: changing-object-schema
alter type order_status set schema sales; -- expect: changing-object-schema
alter function recalc_totals(bigint) set schema sales; -- expect: changing-object-schema

-- Clean: objects created in this migration, and other ALTERs.
create table scratch (id bigint);
alter table scratch set schema staging;
create type mood as enum ('ok', 'sad');
alter type mood set schema staging;
create function helper() returns int language sql as 'select 1';
alter function helper() set schema staging;
alter table orders owner to app_owner;
