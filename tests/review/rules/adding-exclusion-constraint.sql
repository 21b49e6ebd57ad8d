-- An exclusion constraint has no online path.
alter table bookings add constraint bookings_no_overlap -- expect: adding-exclusion-constraint
    exclude using gist (room_id with =, during with &&);

-- Clean: other constraints, and a table created in this migration.
alter table bookings add constraint bookings_during_check check (not isempty(during)) not valid;
create table holds (room_id int, during tstzrange);
alter table holds add constraint holds_no_overlap exclude using gist (room_id with =, during with &&);
