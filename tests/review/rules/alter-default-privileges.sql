-- Default privileges apply to objects created later.
alter default privileges in schema app grant select on tables to reporting; -- expect: alter-default-privileges
alter default privileges for role migrator revoke execute on functions from public; -- expect: alter-default-privileges
alter default privileges -- expect: alter-default-privileges
    grant usage on sequences to app_rw;

-- Clean: grants on existing objects.
grant select on all tables in schema app to reporting;
