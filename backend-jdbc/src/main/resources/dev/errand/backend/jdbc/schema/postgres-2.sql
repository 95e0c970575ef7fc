-- Errand JDBC backend, schema version 2, PostgreSQL 12+: retention by state.
--
-- Applied after postgres.sql (version 1). Succeeded jobs and dead or cancelled ones are kept for
-- different times (errand.jdbc.retention.succeeded / .failed), so the pruner deletes per state,
-- oldest first: this index gives each state its own run of finish times. The index on
-- finished_at alone would make it step over every dead job that is older than the succeeded
-- retention but still kept, on every batch.

CREATE INDEX IF NOT EXISTS {prefix}jobs_retention ON {prefix}jobs (state, finished_at) WHERE finished_at IS NOT NULL;

DROP INDEX IF EXISTS {prefix}jobs_finished;
