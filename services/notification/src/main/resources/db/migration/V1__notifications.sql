-- One row per order transition a customer is told about: the unique key is what makes a
-- notification happen at most once, whatever is redelivered or re-injected.
create table notifications (
    id          text        primary key,
    order_id    text        not null,
    transition  text        not null,
    recipient   text        not null,
    subject     text        not null,
    body        text        not null,
    status      text        not null,   -- PENDING, SENDING, SENT, UNCERTAIN
    created_at  timestamptz not null default now(),
    sent_at     timestamptz,
    unique (order_id, transition)
);
