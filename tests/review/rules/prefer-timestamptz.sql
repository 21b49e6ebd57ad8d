-- timestamp without time zone stores no zone.
create table events (
    id bigint primary key,
    created_at timestamp not null default now(), -- expect: prefer-timestamptz
    seen_at timestamp(3) without time zone -- expect: prefer-timestamptz
);
alter table orders add column shipped_at timestamp; -- expect: prefer-timestamptz
alter table orders alter column placed_at type timestamp; -- expect: prefer-timestamptz

-- Clean: timestamptz in all its spellings, and dates.
create table audits (
    id bigint primary key,
    created_at timestamptz not null default now(),
    seen_at timestamp with time zone,
    day date
);
alter table orders alter column placed_at type timestamptz;
