-- Marketplace payouts can exceed the 32-bit range of amount_cents (USD 21.4 million).
alter table payments alter column amount_cents type bigint;
