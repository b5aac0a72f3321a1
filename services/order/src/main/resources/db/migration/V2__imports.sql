-- Imports of orders from files (POST /imports): the file stays with whoever imports it and is sent in
-- parts; what the service keeps is how far it has read (committed with the orders a chunk placed) and
-- the lines it refused.

create table imports (
    id          text        primary key,
    digest      text        not null unique,         -- SHA-256 of the file: the same file is one import
    name        text        not null,
    format      text        not null,                -- JSONL or CSV
    created_by  text        not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    lines_read  bigint      not null default 0,       -- lines of the file read, each placed or refused
    placed      bigint      not null default 0,
    refused     bigint      not null default 0,       -- lines not placed: unreadable, or not placeable as asked
    duplicates  bigint      not null default 0,       -- orders imported before (same external id)
    read_at     timestamptz                           -- when the last line was read (the file is in)
);

create table import_errors (
    import_id   text   not null,
    line        bigint not null,                      -- the line of the file (an order's first row in CSV)
    external_id text,
    reason      text   not null,
    primary key (import_id, line)
);

-- An imported order names its import, and its external id (or, without one, the file's digest and its
-- line) is unique: the same order imported twice is placed once.
alter table orders add column import_id text;
alter table orders add column external_id text unique;
create index orders_import on orders (import_id, status) where import_id is not null;
