-- ADD PRIMARY KEY USING INDEX sets the key columns NOT NULL: a full scan under ACCESS EXCLUSIVE when they are
-- nullable.
create unique index concurrently events_id_idx on events (id);
alter table events add constraint events_pkey primary key using index events_id_idx; -- expect: primary-key-using-index-on-nullable
-- The index is unknown here, so its columns cannot be checked.
alter table audit_log add primary key using index audit_log_seq_idx; -- expect: primary-key-using-index-on-nullable

-- Clean: the column made NOT NULL earlier, or proven NOT NULL by a validated check (PostgreSQL 12+).
create unique index concurrently sessions_id_idx on sessions (id);
alter table sessions alter column id set not null;
alter table sessions add constraint sessions_pkey primary key using index sessions_id_idx;
create unique index concurrently jobs_id_idx on jobs (id);
alter table jobs add constraint jobs_id_not_null check (id is not null) not valid;
alter table jobs validate constraint jobs_id_not_null;
alter table jobs add constraint jobs_pkey primary key using index jobs_id_idx;
create table scratch (id bigint);
create unique index scratch_id_idx on scratch (id);
alter table scratch add primary key using index scratch_id_idx;
