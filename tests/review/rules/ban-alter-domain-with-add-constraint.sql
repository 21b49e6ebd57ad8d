-- Adding a constraint to a domain validates every column of that type in every table.
alter domain email_address add constraint email_has_at check (value like '%@%'); -- expect: ban-alter-domain-with-add-constraint
alter domain app.code set not null; -- expect: ban-alter-domain-with-add-constraint

-- Clean: NOT VALID then VALIDATE, dropping, and a domain created in this migration.
alter domain email_address add constraint email_has_at check (value like '%@%') not valid;
alter domain email_address validate constraint email_has_at;
alter domain email_address drop constraint email_has_at;
alter domain app.code drop not null;
create domain flag as text;
alter domain flag add constraint flag_short check (length(value) < 4);
