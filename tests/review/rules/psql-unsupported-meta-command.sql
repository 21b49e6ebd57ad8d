-- psql stops at a command it does not know; \g on an empty buffer repeats the previous statement.
\frobnicate -- expect: psql-unsupported-meta-command
insert into audit_log (id) values (1);
\g -- expect: psql-unsupported-meta-command
insert into audit_log (id) values (2) \g
