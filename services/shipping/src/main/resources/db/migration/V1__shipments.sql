-- Shipments of paid orders.

create table shipments (
    id                  text        primary key,
    order_id            text        not null unique,
    recipient           text        not null,
    line1               text        not null,
    line2               text,
    postal_code         text        not null,
    city                text        not null,
    region              text,
    country             text        not null,
    units               int         not null,
    status              text        not null,
    carrier_shipment_id text,
    carrier             text,
    tracking_number     text,
    estimated_delivery  date,
    detail              text,
    order_ended         boolean     not null default false,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null
);

