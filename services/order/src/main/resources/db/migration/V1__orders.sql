-- Orders as the order service decides them, their timelines, and its replicas of the catalog and the customers.

create table orders (
    id                 text        primary key,
    idempotency_key    text        unique,          -- null for orders that came in on the stream
    request_hash       text,
    customer_id        text        not null,
    customer           text        not null,        -- the customer snapshot (JSON), as the order carries it
    shipping_address   text        not null,        -- JSON
    lines              text        not null,        -- JSON array of priced lines
    currency           text        not null,
    subtotal_minor     bigint      not null,
    shipping_fee_minor bigint      not null,
    total_minor        bigint      not null,
    channel            text        not null,
    placed_at          timestamptz not null,
    status             text        not null,
    status_detail      text,
    payment_id         text,
    shipment_id        text,
    carrier            text,
    tracking_number    text,
    updated_at         timestamptz not null
);
create index orders_customer on orders (customer_id, placed_at desc, id);
create index orders_status on orders (status) where status in ('PLACED', 'RESERVED', 'PAID');

create table order_timeline (
    id          bigserial   primary key,
    order_id    text        not null,
    occurred_at timestamptz not null,
    event       text        not null,
    source      text        not null,
    detail      text        not null,
    event_id    text        not null default ''
);
create index order_timeline_order on order_timeline (order_id, id);

-- Replica of the catalog stream (full state per product; newer versions replace older ones).
create table products (
    sku         text    primary key,
    version     bigint  not null,
    name        text    not null,
    price_minor bigint  not null,
    currency    text    not null,
    active      boolean not null
);

-- Replica of the customer stream.
create table customers (
    id        text    primary key,
    version   bigint  not null,
    name      text    not null,
    email     text    not null,
    tier      text    not null,
    addresses text    not null,                     -- JSON array
    active    boolean not null
);

-- Facts about an order that arrived before the order itself (an order placed on the stream by an
-- operator reaches this service on another subscription than the facts it causes): applied when
-- the order is adopted.
create table early_facts (
    id          bigserial   primary key,
    order_id    text        not null,
    event_id    text        not null,
    event_type  text        not null,
    source      text,
    occurred_at timestamptz not null,
    payload     bytea       not null
);
create index early_facts_order on early_facts (order_id, id);
