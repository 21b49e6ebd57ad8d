-- The first statement that takes SHARE or stronger on an existing table, with no lock_timeout in effect.
create table notes (id bigint primary key, body text);
create index notes_body_idx on notes (body);
update orders set status = 'new' where status is null;
create index concurrently orders_placed_idx on orders (placed_at);
alter table orders add column note text; -- expect: require-lock-timeout
-- Reported once per file: the next one is the same problem.
alter table customers add column note text;
