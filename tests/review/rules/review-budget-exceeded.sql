-- Reported by the engine when a review runs out of its budget (tests/review/tst_ReviewBudget.cpp gives the
-- budget and checks the finding); a review without a budget never reports it.
alter table orders add column note text;
create table notes (id bigint primary key);
