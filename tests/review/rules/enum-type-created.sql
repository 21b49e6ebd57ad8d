-- Enum types are hard to change once in use.
create type order_status as enum ('open', 'paid', 'shipped'); -- expect: enum-type-created
create type public.mood as -- expect: enum-type-created
    enum ('happy', 'sad');

-- Clean: a lookup table, a CHECK constraint, other kinds of types.
create table order_statuses (name text primary key);
create table orders_v2 (id bigint primary key, status text not null check (status in ('open', 'paid')));
create type money_amount as (amount numeric, currency text);
create domain email as text check (value like '%@%');
alter type order_status add value 'cancelled';
