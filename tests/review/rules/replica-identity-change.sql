-- Replica identity changes that alter what logical replication carries.
alter table orders replica identity full; -- expect: replica-identity-change (warning)
alter table public.sessions replica identity nothing; -- expect: replica-identity-change (warning)
-- Identity by key only changes which key consumers receive: info.
alter table orders replica identity using index orders_pkey; -- expect: replica-identity-change (info)
alter table orders replica identity default; -- expect: replica-identity-change (info)

-- Clean: tables created in this migration, and other ALTER TABLE actions.
create table outbox (id bigint primary key, payload jsonb);
alter table outbox replica identity full;
alter table orders set (fillfactor = 90);
