-- (The fixture's catalog lines cannot hold spaces or commas inside a type, so short spellings stand in for
-- format_type()'s "character varying(20)" and "timestamp(3) without time zone".)
-- catalog: table public.orders columns=id:bigint!,total:integer,note:varchar(20),memo:varchar(20),code:varchar(8),ref:varchar(8),tag:varchar(8),amount:numeric(10),price:numeric(10),cost:numeric(10),placed_at:timestamp(3),label:text,title:text,addr:cidr
-- A type change rewrites the table and its indexes under an ACCESS EXCLUSIVE lock.
alter table orders alter column total type bigint; -- expect: changing-column-type
alter table orders alter column note type varchar(10); -- expect: changing-column-type
alter table orders alter column amount type numeric(12,4); -- expect: changing-column-type
alter table orders alter column label type varchar(50); -- expect: changing-column-type
alter table orders alter column memo type text collate "C"; -- expect: changing-column-type
alter table orders alter column code type varchar(40) using upper(code); -- expect: changing-column-type
-- The current type is unknown (no catalog entry, nothing earlier in the file).
alter table customers alter column email type varchar(320); -- expect: changing-column-type
-- The type shown by an earlier statement of the file: int to bigint rewrites.
alter table customers add column visits int;
alter table customers alter column visits type bigint; -- expect: changing-column-type
alter table customers add column rate numeric(6,3);
alter table customers alter column rate type numeric(8,2); -- expect: changing-column-type

-- Binary-coercible changes need no rewrite: info, not error.
alter table orders alter column ref type varchar(200); -- expect: changing-column-type (info)
alter table orders alter column tag type text; -- expect: changing-column-type (info)
alter table orders alter column price type numeric(14); -- expect: changing-column-type (info)
alter table orders alter column cost type numeric; -- expect: changing-column-type (info)
alter table orders alter column placed_at type timestamp(6); -- expect: changing-column-type (info)
alter table orders alter column title type varchar; -- expect: changing-column-type (info)
alter table orders alter column addr type inet; -- expect: changing-column-type (info)
alter table customers add column balance numeric(10,2);
alter table customers alter column balance type numeric(16,2); -- expect: changing-column-type (info)
alter table customers add column nickname varchar(20);
alter table customers alter column nickname type varchar(40) using nickname::varchar(40); -- expect: changing-column-type (info)
-- A table created in this migration.
create table scratch (id int);
alter table scratch alter column id type bigint;
