-- Once a transaction holds an ACCESS EXCLUSIVE lock, every later statement prolongs the outage.
begin;
set local lock_timeout = '2s';
alter table orders add column note text;
update orders set note = '' where note is null; -- expect: statement-after-access-exclusive
create index concurrently orders_note_idx on orders (note); -- expect: statement-after-access-exclusive
commit;

-- Clean: one blocking change per transaction, settings, and tables created in this migration.
begin;
alter table orders add column memo text;
set local statement_timeout = '5s';
commit;
begin;
create table scratch (id bigint);
alter table scratch add column note text;
insert into scratch values (1, 'x');
commit;
update orders set memo = '' where id < 1000;
