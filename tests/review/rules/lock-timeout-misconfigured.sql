-- toml: [options]
-- toml: lock_timeout_limit = "5s"
-- toml: connection_pooling = true
set lock_timeout = 0; -- expect: lock-timeout-misconfigured
set lock_timeout = '1min'; -- expect: lock-timeout-misconfigured
select set_config('lock_timeout', '30s', false); -- expect: lock-timeout-misconfigured
set local lock_timeout = '2s'; -- expect: lock-timeout-misconfigured
set statement_timeout = 0;
alter table orders drop column legacy_flag; -- expect: lock-timeout-misconfigured
alter table customers drop column legacy_flag;

begin;
set lock_timeout = '2s'; -- expect: lock-timeout-misconfigured
-- Clean: SET LOCAL inside the transaction, within the limit; a statement_timeout for the transaction.
set local lock_timeout = '2s';
set local statement_timeout = '5min';
alter table invoices add column note text;
commit;

-- Clean: a short timeout, a RESET, and statement_timeout 0 before a statement without ACCESS EXCLUSIVE.
set lock_timeout = '3s';
reset lock_timeout;
set statement_timeout = 0;
create index concurrently orders_status_idx on orders (status);
