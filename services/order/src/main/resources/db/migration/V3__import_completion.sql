-- When an import was found done (its file in, every order it placed ended) and ImportCompleted staged.
alter table imports add column completed_at timestamptz;
create index imports_open on imports (read_at) where read_at is not null and completed_at is null;
