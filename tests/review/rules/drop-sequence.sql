-- Dropping a sequence that existed before the migration.
drop sequence invoice_number_seq; -- expect: drop-sequence
drop sequence if exists billing.ticket_seq, -- expect: drop-sequence
    order_ref_seq; -- expect: drop-sequence

-- Clean: a sequence created in this migration.
create sequence import_batch_seq;
drop sequence import_batch_seq;
