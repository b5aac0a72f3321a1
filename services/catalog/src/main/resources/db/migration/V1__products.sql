create table products (
    sku         text        primary key,
    version     bigint      not null,
    name        text        not null,
    description text,
    price_minor bigint      not null check (price_minor >= 0),
    currency    char(3)     not null,
    active      boolean     not null,
    changed_at  timestamptz not null
);
