-- toml: [options]
-- toml: allowed_locales = ["C.UTF-8", "en-US-x-icu"]
-- Collations, encodings and locales outside the allowed lists (collations default to C, POSIX, default).
create table customers (
    id bigint primary key,
    name text collate "en_US", -- expect: collation-encoding-allowlist
    code text collate "C"
);
select name from customers order by name collate "de_DE"; -- expect: collation-encoding-allowlist
create domain short_name as text collate "fr_FR"; -- expect: collation-encoding-allowlist
create database reporting encoding 'LATIN1' -- expect: collation-encoding-allowlist
    lc_collate 'de_DE.UTF-8'; -- expect: collation-encoding-allowlist
create collation german (provider = icu, locale = 'de-DE'); -- expect: collation-encoding-allowlist
create collation my_sv from "sv_SE"; -- expect: collation-encoding-allowlist

-- Clean: allowed collations, encodings and locales.
alter table customers alter column name type text collate "C";
create database analytics encoding 'UTF-8' locale 'C.UTF-8' template template0;
create collation english (provider = icu, locale = 'en-US-x-icu');
create collation my_c from "POSIX";
select name from customers order by name collate "default";
