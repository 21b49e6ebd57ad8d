-- Revoking privileges or role membership can break the roles that relied on them.
revoke select on orders from reporting; -- expect: revoke-privileges
revoke all on all tables in schema app from public; -- expect: revoke-privileges
revoke grant option for insert on orders from app_rw; -- expect: revoke-privileges
revoke readers from bob; -- expect: revoke-privileges

-- Clean: grants.
grant select on orders to reporting;
grant readers to bob;
