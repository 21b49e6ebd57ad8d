-- Staff SSNs live in the HR system; the shop database should not keep a copy.
alter table users drop column ssn;
