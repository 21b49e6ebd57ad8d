-- ADD PRIMARY KEY builds its index (and checks for NULLs) under an ACCESS EXCLUSIVE lock.
alter table events add constraint events_pkey primary key (id); -- expect: adding-primary-key-constraint
alter table audit_log add primary key (tenant_id, seq); -- expect: adding-primary-key-constraint
alter table sessions add column id bigint primary key; -- expect: adding-primary-key-constraint

-- Clean: USING INDEX, and a table created in this migration.
alter table events add constraint events_pkey primary key using index events_id_idx;
create table scratch (id bigint not null);
alter table scratch add primary key (id);
