-- Column orders that waste alignment padding (default: 4 bytes or more per row).
create table events ( -- expect: column-alignment-padding
    is_public boolean,
    id bigint,
    kind text,
    created_at timestamptz
);
create table counters (a integer, b bigint, c integer, d bigint); -- expect: column-alignment-padding

-- Clean: 8-byte, 4-byte, 2-byte, 1-byte, then variable-length columns; small waste below the threshold.
create table events_ordered (
    id bigint,
    created_at timestamptz,
    account_id integer,
    kind smallint,
    is_public boolean,
    payload jsonb
);
create table small (a smallint, b integer);
create table only_text (a text, b varchar(10), c numeric);
