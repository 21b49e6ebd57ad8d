-- Renaming a schema.
alter schema reporting rename to analytics; -- expect: renaming-schema
alter schema "Legacy" rename to legacy; -- expect: renaming-schema

-- Clean: a schema created in this migration, and a table rename (another rule).
create schema import_tmp;
alter schema import_tmp rename to import_staging;
