-- SECURITY DEFINER functions that resolve names through the caller's search_path.
create function app.close_account(id bigint) returns void -- expect-below: security-definer-without-search-path
    security definer
    language sql
    as $$ update accounts set closed = true where accounts.id = close_account.id $$;

create or replace procedure purge_sessions() language plpgsql security definer as $$ -- expect: security-definer-without-search-path
begin
    delete from sessions where expires_at < now();
end
$$;

create function audit_login() returns trigger
    language plpgsql
    security definer -- expect: security-definer-without-search-path
    set work_mem = '64MB'
    as $$ begin insert into logins values (new.id); return new; end $$;

-- Clean: search_path pinned, SECURITY INVOKER, no security clause.
create function app.close_account2(id bigint) returns void
    security definer
    set search_path = pg_catalog, pg_temp
    language sql
    as $$ update app.accounts set closed = true where accounts.id = close_account2.id $$;
create function count_orders() returns bigint security invoker language sql as 'select count(*) from orders';
create function add_one(i int) returns int language sql immutable as 'select i + 1';
