-- Gift orders: let customers add a personal message that is printed on the packing slip.
set lock_timeout = '3s';
set statement_timeout = '1min';
alter table orders add column if not exists gift_note text;
comment on column orders.gift_note is 'Optional message printed on the packing slip';
