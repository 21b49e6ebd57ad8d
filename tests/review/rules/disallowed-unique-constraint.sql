-- ADD UNIQUE builds its index under an ACCESS EXCLUSIVE lock.
alter table orders add constraint orders_number_key unique (number); -- expect: disallowed-unique-constraint
alter table orders add unique nulls not distinct (external_id); -- expect: disallowed-unique-constraint
alter table orders add column token text unique; -- expect: disallowed-unique-constraint

-- Clean: the index built concurrently, then USING INDEX; a new table.
create unique index concurrently orders_number_idx on orders (number);
alter table orders add constraint orders_number_key unique using index orders_number_idx;
create table scratch (id bigint, code text);
alter table scratch add constraint scratch_code_key unique (code);
