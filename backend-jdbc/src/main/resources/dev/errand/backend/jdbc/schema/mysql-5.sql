-- Errand JDBC backend, schema version 5 (from 4), MySQL / MariaDB: each job's headers (JobHeaders:
-- small name=value lines such as a trace context), NULL when it has none. At most 4096 characters of
-- printable ASCII; TEXT, stored off the row, so the row size limit is not touched. MySQL has no
-- ADD COLUMN IF NOT EXISTS; the schema lock and the version table make this run once.

ALTER TABLE {prefix}jobs ADD COLUMN headers TEXT NULL;
