-- Sign-up accepts Alice@Example.com and alice@example.com as two accounts; make e-mail unique ignoring case.
-- Revision 2: built concurrently, so sign-ups and profile updates are not blocked while the index builds.
create unique index concurrently if not exists customers_email_lower_key on customers (lower(email));
