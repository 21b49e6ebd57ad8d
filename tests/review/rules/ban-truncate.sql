-- TRUNCATE of a table that existed before the migration.
truncate orders; -- expect: ban-truncate
truncate table public.sessions, audit_log restart identity; -- expect: ban-truncate
create table staging (id bigint, payload text);
truncate staging,
    events; -- expect: ban-truncate

-- Clean: a table created in this migration, and a batched DELETE.
truncate staging;
delete from sessions where expires_at < now() - interval '30 days';
