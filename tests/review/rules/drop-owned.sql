-- DROP OWNED removes everything a role owns.
drop owned by legacy_app; -- expect: drop-owned
drop owned by reporting, etl cascade; -- expect: drop-owned
reassign owned by batch to app_owner;
drop owned by batch, cron; -- expect: drop-owned

-- Clean: the usual role retirement, where ownership was handed over first and DROP OWNED only revokes
-- privileges.
reassign owned by old_api to app_owner;
drop owned by old_api;
drop role old_api;
