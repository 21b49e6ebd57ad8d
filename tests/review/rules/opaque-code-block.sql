-- Code the review cannot look into.
do $$ begin update orders set note = '' where note is null; end $$; -- expect: opaque-code-block
call app.archive_orders(30); -- expect: opaque-code-block
create function refresh_totals() returns void -- expect-below: opaque-code-block
    language plpgsql
    as $$ begin update totals set amount = 0; end $$;
create function fast_hash(text) returns int language c as 'hashlib', 'fast_hash'; -- expect: opaque-code-block

-- Clean: SQL functions, whose bodies PostgreSQL tracks or the review can read.
create function add_one(i int) returns int language sql immutable as 'select i + 1';
create function order_count() returns bigint begin atomic select count(*) from orders; end;
update orders set note = '' where note is null;
