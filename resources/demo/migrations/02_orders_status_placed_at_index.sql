-- The fulfilment dashboard lists open orders by age; today every refresh scans all of orders.
-- Built concurrently so that checkout keeps writing orders while the index is built.
set statement_timeout = 0;
create index concurrently if not exists orders_status_placed_at_idx on orders (status, placed_at desc);
