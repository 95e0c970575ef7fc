-- Errand JDBC backend, schema version 5 (from 4), H2: each job's headers (JobHeaders: small name=value
-- lines such as a trace context), NULL when it has none. At most 4096 characters of printable ASCII.

ALTER TABLE {prefix}jobs ADD COLUMN IF NOT EXISTS headers VARCHAR(4096);
