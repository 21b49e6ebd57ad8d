-- toml: [options]
-- toml: require_set_role = true
-- Ownership changes, and (with require_set_role) DDL before any SET ROLE.
create table audit_log (id bigint primary key); -- expect: ownership-and-role-context
alter table audit_log owner to app_owner; -- expect: ownership-and-role-context
alter sequence public.orders_id_seq owner to app_owner; -- expect: ownership-and-role-context
alter function app.refresh_totals() owner to app_owner; -- expect: ownership-and-role-context
alter schema app owner to app_owner; -- expect: ownership-and-role-context
reassign owned by old_admin to app_owner; -- expect: ownership-and-role-context

-- Clean: SET ROLE is not DDL; later DDL is not reported again; other ALTER TABLE forms.
set role app_owner;
create table audit_log2 (id bigint primary key);
alter table audit_log2 add column note text;
