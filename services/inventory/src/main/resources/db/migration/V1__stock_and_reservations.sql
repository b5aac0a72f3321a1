-- Units per SKU. The checks are the last line of defence against oversell: a reservation is
-- decided on rows locked in SKU order, and the database refuses anything negative anyway.
create table stock (
    sku        text        primary key,
    available  int         not null check (available >= 0),
    reserved   int         not null check (reserved >= 0),
    changed_at timestamptz not null default now()
);

-- One reservation per order, all lines or none.
create table reservations (
    id         text        primary key,
    order_id   text        not null unique,
    status     text        not null check (status in ('HELD', 'CONFIRMED', 'RELEASED', 'EXPIRED')),
    expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index reservations_held_expiry on reservations (expires_at) where status = 'HELD';

create table reservation_lines (
    reservation_id text not null references reservations (id),
    sku            text not null,
    quantity       int  not null check (quantity > 0),
    primary key (reservation_id, sku)
);
