-- A non-transactional statement that shares its file with other statements.
set lock_timeout = '2s';
set statement_timeout = 0;
create index concurrently orders_status_idx on orders (status); -- expect: mixed-transactional-and-non-transactional
alter table orders add column note text;
create index concurrently orders_note_idx on orders (note);
