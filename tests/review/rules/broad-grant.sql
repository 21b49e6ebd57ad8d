-- Grants to PUBLIC, of ALL PRIVILEGES, or with the right to pass them on.
grant select on orders to public; -- expect: broad-grant
grant all on table public.orders to app_rw; -- expect: broad-grant
grant all privileges on all tables in schema app to reporting; -- expect: broad-grant
grant select, insert on orders to app_rw with grant option; -- expect: broad-grant
grant usage on schema app to public; -- expect: broad-grant
grant admin_role to bob with admin option; -- expect: broad-grant
grant readers to public; -- expect: broad-grant

-- Clean: specific privileges to named roles, role membership without ADMIN OPTION, revokes.
grant select, insert, update on orders to app_rw;
grant usage on schema app to app_rw;
grant select (id, status) on orders to reporting;
grant readers to bob;
revoke all on orders from public;
