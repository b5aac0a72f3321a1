-- Payments of orders and the replica of customers' payment methods.

create table payments (
    id                text        primary key,
    order_id          text        not null unique,
    customer_id       text        not null,
    amount_minor      bigint      not null,
    currency          text        not null,
    status            text        not null,
    gateway_reference text,
    detail            text,
    order_ended       boolean     not null default false,
    order_snapshot    bytea       not null,     -- the StockReserved event (Avro): its order is passed on to shipping
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null
);
create index payments_status on payments (status) where status in ('REQUESTED', 'REFUND_PENDING');


create table customers (
    id             text    primary key,
    version        bigint  not null,
    payment_method text    not null,
    payment_token  text,
    active         boolean not null
);
