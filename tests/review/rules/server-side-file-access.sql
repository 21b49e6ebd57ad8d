-- Server-side file and program access.
copy orders from '/var/lib/postgresql/orders.csv' with (format csv); -- expect: server-side-file-access
copy (select * from orders) to '/tmp/orders.csv'; -- expect: server-side-file-access
copy orders to program 'gzip > /tmp/orders.gz'; -- expect: server-side-file-access
create extension if not exists file_fdw; -- expect: server-side-file-access
select pg_read_file('/etc/passwd'); -- expect: server-side-file-access
insert into blobs (oid) values (lo_import('/tmp/image.png')); -- expect: server-side-file-access

-- Clean: client-side COPY through STDIN/STDOUT, ordinary extensions.
copy orders from stdin with (format csv);
copy orders to stdout;
create extension if not exists pgcrypto;
