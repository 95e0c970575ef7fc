-- Errand JDBC backend, schema version 5 (from 4), PostgreSQL: each job's headers (JobHeaders: small
-- name=value lines such as a trace context), NULL when it has none. At most 4096 characters of
-- printable ASCII. Adding a nullable column without a default changes only the catalog: no table
-- rewrite, a brief lock.

ALTER TABLE {prefix}jobs ADD COLUMN IF NOT EXISTS headers VARCHAR(4096);
