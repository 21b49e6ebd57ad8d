-- ADD VALUE without saying where the value goes.
alter type order_status add value 'refunded'; -- expect: require-enum-value-ordering
alter type public.mood add value if not exists 'ecstatic'; -- expect: require-enum-value-ordering

-- Clean: BEFORE/AFTER, and an enum created in this migration.
alter type order_status add value 'on_hold' before 'shipped';
alter type order_status add value if not exists 'archived' after 'delivered';
create type priority as enum ('low', 'high');
alter type priority add value 'urgent';
