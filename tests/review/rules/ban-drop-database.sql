-- A migration must never drop a database.
drop database analytics; -- expect: ban-drop-database
drop database if exists
    staging_copy with (force); -- expect: ban-drop-database

-- Clean: other drops.
drop schema if exists scratch;
