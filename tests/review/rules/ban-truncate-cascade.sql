-- TRUNCATE ... CASCADE also empties every table that references the listed ones.
truncate customers cascade; -- expect: ban-truncate-cascade
truncate table orders, payments
    restart identity cascade; -- expect: ban-truncate-cascade

-- Clean: without CASCADE, and tables created in this migration.
truncate sessions;
truncate customers restrict;
create table load_batch (id bigint primary key);
truncate load_batch cascade;
