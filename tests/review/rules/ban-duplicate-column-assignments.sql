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
insert into invoices (id, total) values (1, 2)
    on conflict (id) do update set total = 1, total = 2; -- expect: ban-duplicate-column-assignments
-- A whole-column assignment next to a field or element assignment of the same column.
update shapes set corner = row(1, 2), corner.x = 1 where id = 1; -- expect: ban-duplicate-column-assignments
update shapes set corner.x = 1, corner = row(1, 2) where id = 1; -- expect: ban-duplicate-column-assignments
update shapes set tags = '{}', tags[1] = 'a' where id = 1; -- expect: ban-duplicate-column-assignments
update shapes set (sides, sides) = (3, 4) where id = 1; -- expect: ban-duplicate-column-assignments
insert into shapes (id, corner, corner.x) values (1, row(1, 2), 3); -- expect: ban-duplicate-column-assignments
-- Output columns of a view, materialized view, CREATE TABLE AS or SELECT INTO, named or inferred.
create view two_constants as select 1, 2; -- expect: ban-duplicate-column-assignments
create view two_names as select id as a, total as a from invoices; -- expect: ban-duplicate-column-assignments
create view renamed (total) as select id, total from invoices; -- expect: ban-duplicate-column-assignments
create view qualified as select id, invoices.id from invoices; -- expect: ban-duplicate-column-assignments
create view casts as select 1::int, 2::int4; -- expect: ban-duplicate-column-assignments
create view unioned as select 1, 2 union select 3, 4; -- expect: ban-duplicate-column-assignments
create view cast_kept as select total::text, total from invoices; -- expect: ban-duplicate-column-assignments
create view cases as select case when true then 1 end, case when false then 2 end; -- expect: ban-duplicate-column-assignments
create view case_else as select case when true then 1 else total end, total from invoices; -- expect: ban-duplicate-column-assignments
create view counts as select count(*), count(total) from invoices; -- expect: ban-duplicate-column-assignments
create view subselects as select (select 1 as z), (select 2 as z); -- expect: ban-duplicate-column-assignments
create view tests as select not true, 1 is null; -- expect: ban-duplicate-column-assignments
create view nullifs as select nullif(1, 2), nullif(2, 3); -- expect: ban-duplicate-column-assignments
create view dates as select current_date, current_date; -- expect: ban-duplicate-column-assignments
create view arrays as select array[1], array[2]; -- expect: ban-duplicate-column-assignments
create materialized view two_constants_mv as select 1, 2; -- expect: ban-duplicate-column-assignments
create table two_constants_copy as select 1, 2; -- expect: ban-duplicate-column-assignments
create table renamed_copy (x, x) as select 1, 2; -- expect: ban-duplicate-column-assignments
select 1, 2 into two_constants_table; -- expect: ban-duplicate-column-assignments
select id, id into id_twice from invoices; -- expect: ban-duplicate-column-assignments
create foreign table remote_invoices (
    id bigint,
    id bigint -- expect: ban-duplicate-column-assignments
) server billing;

-- Clean: distinct columns, and assignments to different elements of one array column.
create table receipts (id bigint primary key, total numeric, status text);
update receipts set total = 0, status = 'void' where id = 1;
update matrix set cells[1] = 0, cells[2] = 0 where id = 1;
insert into receipts (id, total) values (1, 2);
insert into receipts (id, total) values (1, 2) on conflict (id) do update set total = 3, status = 'x';
update shapes set corner.x = 1, corner.y = 2 where id = 1;
insert into shapes (id, corner.x, corner.y) values (2, 1, 2);
create view distinct_names as select id, total, 1, status from receipts;
create view renamed_receipts (receipt_id) as select id, total from receipts;
create view starred as select *, 1 from receipts;
create view values_view as values (1, 2);
create table receipts_copy as select id, total as amount, 1 from receipts;
select id, total into receipts_snapshot from receipts;
create foreign table remote_receipts (id bigint, total numeric) server billing;
