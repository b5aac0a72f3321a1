-- pending_calls and outbox are queues: every row is inserted, updated or deleted within seconds, so
-- under a stream of orders they hold a few hundred live rows and soon thousands of dead ones. With
-- PostgreSQL's defaults (vacuum after 50 rows + 20 % of the table changed, cost-limited) notification's
-- pending_calls held 130 live and 10,702 dead rows, and every claim of due calls read them all.
-- Vacuum these two after a fixed number of changes, whatever their size, and without throttling.
alter table pending_calls set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0);
alter table outbox set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000,
    autovacuum_vacuum_cost_delay = 0);
