-- Run by the migrator before any numbered migration, under its advisory lock: the owner role, the two schemas
-- and the version table. Idempotent.
do $bootstrap$
begin
    if not exists (select 1 from pg_catalog.pg_roles where rolname = 'sluice_owner') then
        create role sluice_owner nologin;
    end if;
exception
    -- Roles are cluster-wide: another database of the cluster may be initialising at the same moment.
    when duplicate_object or unique_violation then null;
end
$bootstrap$;

create schema if not exists sluice authorization sluice_owner;
create schema if not exists sluice_api authorization sluice_owner;

-- sluice-ignore prefer-bigint-over-int: schema versions are counted in ones
create table if not exists sluice.schema_version (
    version    integer primary key,
    name       text not null,
    sha256     text not null,
    applied_at timestamptz not null default pg_catalog.now(),
    applied_by name not null default session_user
);
-- sluice-ignore require-lock-timeout, require-statement-timeout: the migrator runs this at start-up, before any
-- client; the ownership change is a catalog update, clients read the version in short statements, and a
-- timeout here would fail the start-up instead of waiting for them
alter table sluice.schema_version owner to sluice_owner;
-- sluice-ignore broad-grant, statement-after-access-exclusive: every client must read the version (and say which
-- it found) before any role check; the grant is a catalog update under the migrator's start-up transaction
grant select on sluice.schema_version to public;
