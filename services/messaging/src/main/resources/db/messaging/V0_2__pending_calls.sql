-- Calls to external systems (payment gateway, carrier, mail server) that a transaction decided to
-- make: staged in that transaction like outbox rows, made after commit by the call runner outside
-- any transaction, and completed by the transaction that records their result. At most one pending
-- call per (kind, subject).
create table pending_calls (
    id          bigserial   primary key,
    kind        text        not null,
    subject     text        not null,
    attempts    int         not null default 0,
    due_at      timestamptz not null default now(),
    leased_until timestamptz,
    last_error  text,
    created_at  timestamptz not null default now(),
    unique (kind, subject)
);
create index pending_calls_due on pending_calls (due_at, id);
