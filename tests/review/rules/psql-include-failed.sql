-- Without a reader for files (a submission), an include is refused with a sentence.
create table audit_log (id bigint primary key);
\ir part.sql -- expect: psql-include-failed
