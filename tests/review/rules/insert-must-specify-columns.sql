-- INSERT without a column list into an existing table.
insert into countries values ('XK', 'Kosovo'); -- expect: insert-must-specify-columns
insert into public.order_archive select * from orders where placed_at < '2015-01-01'; -- expect: insert-must-specify-columns

-- Clean: a column list, DEFAULT VALUES, and a table created in this migration.
insert into countries (code, name) values ('XK', 'Kosovo');
insert into audit_marks default values;
create table scratch (id bigint, note text);
insert into scratch values (1, 'a');
