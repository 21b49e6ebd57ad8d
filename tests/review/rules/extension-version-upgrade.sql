-- Upgrading an installed extension.
alter extension postgis update to '3.4.2'; -- expect: extension-version-upgrade
alter extension pg_trgm update; -- expect: extension-version-upgrade

-- Clean: installing an extension, and upgrading one installed by this migration.
create extension if not exists citext;
create extension hstore;
alter extension hstore update to '1.8';
