-- UPDATE or DELETE without a real WHERE clause.
update orders set status = 'archived'; -- expect: dml-without-where
delete from public.sessions; -- expect: dml-without-where
delete from audit_log where true; -- expect: dml-without-where
update customers set tier = 'basic' where 1 = 1; -- expect: dml-without-where
update customers
    set tier = null
    where 'a' = 'a' or tier = 'gold'; -- expect: dml-without-where
merge into stock s using deliveries d on true -- expect: dml-without-where
    when matched then update set qty = s.qty + d.qty;

-- Clean: real WHERE clauses, MERGE with a join condition, tables created in this migration.
update orders set status = 'archived' where placed_at < '2020-01-01';
delete from sessions where expires_at < now();
update customers set tier = 'basic' where 1 = 1 and id = 42;
merge into stock s using deliveries d on s.sku = d.sku when matched then update set qty = s.qty + d.qty;
create table order_totals_new (order_id bigint primary key, total numeric);
update order_totals_new set total = 0;
delete from order_totals_new;
