-- Sign-up accepts Alice@Example.com and alice@example.com as two accounts; make e-mail unique ignoring case.
create unique index customers_email_lower_key on customers (lower(email));
