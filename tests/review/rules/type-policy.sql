-- toml: [options]
-- toml: banned_types = ["money", "json", "timestamp without time zone"]
-- toml: primary_key_types = ["bigint", "uuid"]
-- toml: max_character_length = 255
-- Column types outside the team's type policy.
create table invoices (
    id integer primary key, -- expect: type-policy
    total money, -- expect: type-policy
    details json, -- expect: type-policy
    issued_at timestamp, -- expect: type-policy
    note varchar(1000) -- expect: type-policy
);
alter table orders add column raw_payload json; -- expect: type-policy
alter table orders alter column code type char(500); -- expect: type-policy
create table tags (name text, primary key (name)); -- expect: type-policy

-- Clean: allowed types, allowed primary key types, short varchar.
create table payments (
    id bigint primary key,
    total numeric(12, 2),
    details jsonb,
    paid_at timestamptz,
    reference varchar(64)
);
create table sessions (id uuid primary key, data jsonb);
alter table orders alter column note type text;
