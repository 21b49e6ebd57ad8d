-- catalog: table public.countries rows=250 columns=code:text!,name:text
-- catalog: table public.orders rows=40000000 columns=id:bigint!,status:text
-- catalog: index public.orders orders_pkey columns=id primary unique
-- Data changes without a bound on the rows they touch (policy rule).
update orders set status = 'archived' where status = 'closed'; -- expect: unbounded-dml
delete from sessions where expires_at < now(); -- expect: unbounded-dml
insert into order_archive select * from orders where placed_at < '2020-01-01'; -- expect: unbounded-dml
merge into stock s using deliveries d on s.sku = d.sku -- expect: unbounded-dml
    when matched then update set qty = s.qty + d.qty;

-- Clean: batched by a LIMIT sub-select, one row by primary key, a small table (catalog statistics),
-- INSERT ... VALUES, and tables created in this migration.
update orders set status = 'archived'
where id in (select id from orders where status = 'closed' limit 1000);
update orders set status = 'archived' where id = 42;
update countries set name = initcap(name);
insert into countries (code, name) values ('XK', 'Kosovo');
create table order_totals (order_id bigint primary key, total numeric);
insert into order_totals select id, 0 from orders limit 500;
update order_totals set total = 0;
