-- RLS enabled on a table with no policy: every non-owner query returns nothing.
alter table accounts enable row level security; -- expect: enable-rls-without-policy
alter table public.documents force row level security; -- expect: enable-rls-without-policy

-- Clean: the policy is created first.
create policy invoices_owner on invoices using (owner_id = current_setting('app.user_id')::bigint);
alter table invoices enable row level security;
alter table public.invoices force row level security;

-- Clean: the policy follows in the same transaction.
begin;
alter table tickets enable row level security;
create policy tickets_owner on tickets using (owner_id = current_setting('app.user_id')::bigint);
commit;

-- Flagged: the policy comes only after the transaction that enabled RLS committed.
begin;
alter table notes enable row level security; -- expect: enable-rls-without-policy
commit;
create policy notes_owner on notes using (true);

-- Clean: disabling.
alter table notes disable row level security;
