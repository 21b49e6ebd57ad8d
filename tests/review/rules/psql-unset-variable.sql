-- Variables substitute; an unset one is one finding at its reference; array slices are not variables.
\set tbl orders
create index orders_status_idx on :"tbl" (status);
create index orders_note_idx on :"missing" (note); -- expect: psql-unset-variable
select (array[1, 2, 3])[1:2], 'not :a variable', $$ nor :this $$; -- psql leaves quoted text alone
select :'label' as label; -- expect: psql-unset-variable
