create table platform_probe (
    id           text   primary key,
    sku          text   not null,
    amount_minor bigint not null,
    currency     text   not null,
    kafka_offset bigint not null
);

-- The ledger's state: the last level set per SKU.
create table test_stock (
    sku       text primary key,
    available int  not null
);

-- One row per applied event, deliberately without a unique constraint: only the inbox keeps
-- a redelivered event from being applied twice, and the tests count these rows.
create table test_effects (
    event_id   text        not null,
    sku        text        not null,
    available  int         not null,
    trace_id   text        not null,
    applied_at timestamptz not null default now()
);
create index test_effects_sku on test_effects (sku);
