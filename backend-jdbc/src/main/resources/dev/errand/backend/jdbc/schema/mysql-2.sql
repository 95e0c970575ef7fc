-- Errand JDBC backend, schema version 2, MySQL 8.0.14+ and MariaDB 10.6+: retention by state.
--
-- Applied after mysql.sql (version 1). Succeeded jobs and dead or cancelled ones are kept for
-- different times (errand.jdbc.retention.succeeded / .failed), so the pruner deletes per state,
-- oldest first: this index gives each state its own run of finish times. One ALTER TABLE (MySQL
-- has no CREATE INDEX IF NOT EXISTS), so the index is swapped at once or not at all; InnoDB builds
-- it in place without blocking writes.

ALTER TABLE {prefix}jobs DROP INDEX {prefix}jobs_finished, ADD INDEX {prefix}jobs_retention (state, finished_at);
