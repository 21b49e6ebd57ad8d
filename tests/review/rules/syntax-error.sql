-- The statement after a broken one is still reviewed; the broken one is reported at its position.
alter table orders add column note text;
alter table orders add colum flag boolean; -- expect: syntax-error
create table notes (id bigint primary key);
