-- Passwords written in clear text in the migration.
create role app_rw login password 'hunter2'; -- expect: plaintext-password
alter role app_rw with encrypted password 'correct horse battery staple'; -- expect: plaintext-password
create user legacy password 'md5notreallyahash'; -- expect: plaintext-password
alter user svc -- expect-below: plaintext-password
    password 'S3cret!';

-- Clean: no password, a NULL password, a SCRAM verifier and an md5 hash set by an administrator.
create role reporting login;
alter role reporting password null;
alter role svc password 'SCRAM-SHA-256$4096:c2FsdHNhbHQ=$c3RvcmVkS2V5:c2VydmVyS2V5';
alter role legacy password 'md5d8578edf8458ce06fbc5bb76a58c5ca4';
