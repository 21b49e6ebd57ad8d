-- Columns defined or assigned twice in one statement: PostgreSQL rejects them.
create table invoices (
    id bigint primary key,
    total numeric,
    total numeric -- expect: ban-duplicate-column-assignments
);
create view invoice_totals (id, id) as select id, total from invoices; -- expect: ban-duplicate-column-assignments
update invoices set total = 0, status = 'void', total = 1 where id = 1; -- expect: ban-duplicate-column-assignments
insert into invoices (id, total, id) values (1, 2, 3); -- expect: ban-duplicate-column-assignments
merge into invoices i using staged s on i.id = s.id
    when matched then update set total = s.total, total = 0 -- expect: ban-duplicate-column-assignments
    when not matched then insert (id, id) values (s.id, s.id); -- expect: ban-duplicate-column-assignments

-- Clean: distinct columns, and assignments to different elements of one array column.
create table receipts (id bigint primary key, total numeric, status text);
update receipts set total = 0, status = 'void' where id = 1;
update matrix set cells[1] = 0, cells[2] = 0 where id = 1;
insert into receipts (id, total) values (1, 2);
