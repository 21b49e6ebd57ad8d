-- toml: [options]
-- toml: max_comment_length = 60
-- New tables and columns without a COMMENT ON in the same migration, and an over-long comment.
create table invoices ( -- expect: comment-convention
    id bigint primary key, -- expect: comment-convention
    total numeric
);
comment on column invoices.total is 'Invoice total in the invoice currency, taxes included.';
alter table orders add column coupon_code text; -- expect: comment-convention
comment on table orders is 'Customer orders: one row per checkout, whatever its later state, including every cancelled one.'; -- expect: comment-convention

-- Clean: comments before or after the statement, qualified or not; temporary tables and partitions.
comment on table public.payments is 'Payments received against invoices.';
create table public.payments (
    id bigint primary key,
    amount numeric
);
comment on column payments.id is 'Payment id.';
comment on column public.payments.amount is 'Amount received.';
create temporary table scratch (id bigint);
create table invoices_2024 partition of invoices for values in (2024);
