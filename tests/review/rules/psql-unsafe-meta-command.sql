-- Meta-commands that move the script elsewhere or run what nobody reviewed are errors; output ones are not.
\echo creating the audit table
\timing on
create table audit_log (id bigint primary key);
\connect reporting -- expect: psql-unsafe-meta-command
select format('drop table %I', tablename) from pg_tables where tablename like 'tmp_%' \gexec -- expect: psql-unsafe-meta-command
\! rm -rf /tmp/cache -- expect: psql-unsafe-meta-command
-- a backslash in a comment or a string is not a command: \connect elsewhere
select 'C:\connect' as path;
