-- Gift orders: let customers add a personal message that is printed on the packing slip.
alter table orders add column gift_note text;
comment on column orders.gift_note is 'Optional message printed on the packing slip';
