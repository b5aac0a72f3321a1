-- The transactional outbox and the idempotent inbox of the orderflow messaging library.
-- Every service that uses the library migrates these with its own tables (Flyway location db/messaging).

-- Events a transaction decided to publish, written in that transaction. The relay publishes them in
-- seq order after commit and marks them; published rows are deleted after the retention period.
create sequence outbox_seq;
create table outbox (
    seq          bigint      primary key default nextval('outbox_seq'),
    event_id     text        not null unique,
    topic        text        not null,
    message_key  text        not null,
    event_type   text        not null,
    source       text        not null,
    occurred_at  timestamptz not null,
    traceparent  text        not null default '',
    tracestate   text        not null default '',
    payload      bytea       not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
create index outbox_unpublished on outbox (seq) where published_at is null;
create index outbox_published_at on outbox (published_at) where published_at is not null;

-- Events a consumer has applied, recorded in the transaction of their effect: a redelivered or
-- re-injected event finds its row and has no second effect.
create table inbox (
    consumer    text        not null,
    event_id    text        not null,
    received_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
create index inbox_received_at on inbox (received_at);
