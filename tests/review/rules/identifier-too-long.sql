-- Identifiers longer than 63 bytes are silently truncated by PostgreSQL.
create table customer_preferences_notification_channel_delivery_attempts_archive_2024 ( -- expect: identifier-too-long
    id bigint primary key,
    "Customer Notification Channel Delivery Attempt Identifier For Audit" bigint -- expect: identifier-too-long
);
create index concurrently customer_preferences_notification_channel_delivery_attempts_email_idx -- expect: identifier-too-long
    on customers (id);
alter table customers add constraint customers_preferred_notification_channel_must_be_a_known_value_check -- expect: identifier-too-long
    check (channel in ('email', 'sms'));

-- Clean: 63 bytes exactly, long string literals and comments, long words in a function body.
create table customer_preferences_notification_channel_delivery_attempts_arc (id bigint);
comment on table customers is 'customer_preferences_notification_channel_delivery_attempts_archive_2024';
-- customer_preferences_notification_channel_delivery_attempts_archive_2024
create function touch() returns trigger language plpgsql as $$
begin
    new.customer_preferences_notification_channel_delivery_attempts_archive_2024 := now();
    return new;
end
$$;
