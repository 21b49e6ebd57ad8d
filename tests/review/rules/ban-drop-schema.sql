-- Dropping a schema that existed before the migration.
drop schema reporting; -- expect: ban-drop-schema
drop schema if exists archive cascade; -- expect: ban-drop-schema
drop schema
    legacy, -- expect: ban-drop-schema
    old_api cascade; -- expect: ban-drop-schema

-- Clean: a schema created earlier in this migration, and other objects.
create schema import_tmp;
drop schema import_tmp cascade;
drop table reporting.daily_totals;
