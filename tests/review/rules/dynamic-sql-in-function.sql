-- PL/pgSQL that builds SQL from unquoted values.
create function drop_partition(tname text) returns void language plpgsql as $$
begin
    execute 'drop table ' || tname; -- expect: dynamic-sql-in-function
    EXECUTE format('truncate %s', tname); -- expect: dynamic-sql-in-function
    execute concat('analyze ', tname); -- expect: dynamic-sql-in-function
end
$$;

do $$
declare
    t record;
begin
    for t in select tablename from pg_tables where schemaname = 'archive' loop
        execute 'analyze archive.' || t.tablename; -- expect: dynamic-sql-in-function
    end loop;
end
$$;

create function count_rows(tname text, since timestamptz) returns bigint language plpgsql as $$
declare
    n bigint;
begin
    execute 'select count(*) from ' || tname || ' where created_at > ''' || since || '''' into n; -- expect: dynamic-sql-in-function
    return n;
end
$$;

-- Clean: %I/%L, quote_ident, USING parameters, casts to regclass, constant SQL, static SQL, SQL functions.
create function drop_partition_safe(tname text, since timestamptz) returns bigint language plpgsql as $$
declare
    n bigint;
begin
    execute format('drop table %I', tname);
    execute format('delete from %I where created_at < %L', tname, since);
    execute 'drop table ' || quote_ident(tname);
    execute 'select count(*) from ' || tname::regclass || ' where created_at > $1' into n using since;
    execute 'analyze ' || 'orders';
    execute 'select 1';
    -- execute 'drop table ' || tname;  (a comment)
    perform 'execute ' || tname;
    return n;
end
$$;
create function plain(x int) returns int language sql as $$ select x + 1 $$;
