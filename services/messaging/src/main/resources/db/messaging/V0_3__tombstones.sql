-- Keys of aggregates that ended before this service had anything of its own about them (an order
-- cancelled before its reservation reached payment, say): a later fact about them is ignored.
create table tombstones (
    aggregate_key text        primary key,
    created_at    timestamptz not null default now()
);
