create table customers (
    id             text        primary key,
    version        bigint      not null,
    name           text        not null,
    email          text        not null,
    tier           text        not null,
    addresses      text        not null default '[]', -- a JSON array, always read with the customer
    payment_method text        not null,
    payment_token  text,
    active         boolean     not null,
    changed_at     timestamptz not null
);
create index customers_email on customers (email);
