-- char(n) columns are blank-padded.
create table countries (
    code char(2) primary key, -- expect: ban-char-field
    currency character(3), -- expect: ban-char-field
    flag char, -- expect: ban-char-field
    aliases char(3)[] -- expect: ban-char-field
);
alter table orders alter column status type character(1); -- expect: ban-char-field

-- Clean: text and varchar, and the one-byte internal "char" type.
create table currencies (code text primary key, symbol varchar(4), kind "char");
