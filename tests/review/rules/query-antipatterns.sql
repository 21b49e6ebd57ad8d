-- toml: [options]
-- toml: max_limit_value = 500
-- Query shapes that read far more rows than they return.
select id from customers where email like '%@example.com'; -- expect: query-antipatterns
update orders set status = 'void' where lower(status) = 'cancelled'; -- expect: query-antipatterns
delete from events where created_at + interval '90 days' < now(); -- expect: query-antipatterns
insert into sample_orders select * from orders order by random() limit 100; -- expect: query-antipatterns
select count(*) from orders; -- expect: query-antipatterns
select id from orders where status = 'open' limit 10000; -- expect: query-antipatterns
select id from customers where name ilike '%smith'; -- expect: query-antipatterns

-- Clean: anchored patterns, bare columns compared with expressions, bounded selects, DDL.
select id from customers where email like 'admin@%';
update orders set status = 'void' where status = 'cancelled' and placed_at < now() - interval '90 days';
select id from orders where status = 'open' limit 100;
select set_config('lock_timeout', '5s', false);
select 1;
create index concurrently customers_email_lower_idx on customers (lower(email)) where email like '%@x.com';
insert into sample_orders select * from orders where id < 1000 order by id;
