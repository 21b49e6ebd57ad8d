-- Constraints on a domain are hard to change later.
create domain positive_int as int check (value > 0); -- expect: ban-create-domain-with-constraint
create domain email_address as text not null -- expect: ban-create-domain-with-constraint
    check (value like '%@%');

-- Clean: no constraint, or only a default.
create domain label as text;
create domain counter as bigint default 0;
