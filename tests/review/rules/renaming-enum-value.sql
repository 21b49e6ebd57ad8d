-- Renaming a value of an existing enum.
alter type order_status rename value 'canceled' to 'cancelled'; -- expect: renaming-enum-value
alter type public.mood rename value 'meh' to 'neutral'; -- expect: renaming-enum-value

-- Clean: an enum created in this migration, and adding values.
create type priority as enum ('low', 'high');
alter type priority rename value 'high' to 'urgent';
alter type order_status add value 'refunded' after 'paid';
