-- A volatile default is computed for every row: a full rewrite under an ACCESS EXCLUSIVE lock.
alter table orders add column token uuid default gen_random_uuid(); -- expect: adding-field-with-volatile-default
alter table orders add column jitter float8 not null default random() * 10; -- expect: adding-field-with-volatile-default
alter table orders add column seen_at timestamptz default clock_timestamp(); -- expect: adding-field-with-volatile-default
alter table orders add column region text default app.default_region(); -- expect: adding-field-with-volatile-default

-- Clean since PostgreSQL 11: constants and stable functions; NULL; serial and identity (other rules).
alter table orders add column status text not null default 'new';
alter table orders add column created_at timestamptz not null default now();
alter table orders add column day date default current_date;
alter table orders add column flags int[] default array[1, 2];
alter table orders add column meta jsonb default jsonb_build_object('v', 1);
alter table orders add column label text default upper('x' || 'y');
alter table orders add column note text default null;
alter table orders add column seq bigserial;
alter table orders alter column token set default gen_random_uuid();
create table scratch (id bigint);
alter table scratch add column token uuid default gen_random_uuid();
