-- A directive that suppresses nothing is reported, and so is one naming a rule that does not exist.
-- sluice-ignore require-concurrent-index-creation: built concurrently already -- expect: unused-ignore
create index concurrently orders_status_idx on orders (status);
-- sluice-ignore no-such-rule: typo -- expect: unused-ignore
select 1;

-- Clean: this one suppresses a real finding.
-- sluice-ignore require-concurrent-index-creation: orders is empty in every environment
create index orders_note_idx on orders (note);
