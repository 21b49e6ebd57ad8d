-- Every policy change alters who can see which rows.
create policy tenant_read on orders for select to app_rw -- expect: policy-change
    using (tenant_id = current_setting('app.tenant')::bigint);
create policy hide_deleted on public.orders as restrictive using (deleted_at is null); -- expect: policy-change
alter policy tenant_read on orders using (true); -- expect: policy-change
drop policy if exists old_policy on orders; -- expect: policy-change

-- Clean: enabling RLS and grants are other rules' business.
alter table orders enable row level security;
grant select on orders to app_rw;
