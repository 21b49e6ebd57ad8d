-- Views that select *.
create view active_orders as select * from orders where status = 'active'; -- expect: select-star-in-view
create or replace view order_lines as
    select o.id, i.* from orders o join order_items i on i.order_id = o.id; -- expect: select-star-in-view
create materialized view daily_stats as
    select day, n from (select * from stats) s; -- expect: select-star-in-view

-- Clean: explicit columns, count(*), and * inside EXISTS.
create view order_summary as select id, status, total from orders;
create view busy_customers as
    select c.id, count(*) as orders from customers c join orders o on o.customer_id = c.id group by c.id;
create view customers_with_orders as
    select c.id, c.name from customers c where exists (select * from orders o where o.customer_id = c.id);
