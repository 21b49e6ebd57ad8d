-- Roles given attributes that put them above the permission system.
create role admin_bot with superuser login; -- expect: privileged-role-attributes
create role etl createdb createrole; -- expect: privileged-role-attributes
alter role app_rw bypassrls; -- expect: privileged-role-attributes
create user replicator replication login; -- expect: privileged-role-attributes
alter user ops with -- expect-below: privileged-role-attributes
    superuser;

-- Clean: ordinary login roles, and taking privileged attributes away.
create role app_rw login nosuperuser nocreatedb;
alter role etl nocreaterole nobypassrls;
alter role app_rw connection limit 20;
