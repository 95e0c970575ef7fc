-- Errand JDBC backend, schema version 2, H2 2.2+: retention by state.
--
-- Applied after h2.sql (version 1). Succeeded jobs and dead or cancelled ones are kept for
-- different times (errand.jdbc.retention.succeeded / .failed), so the pruner deletes per state,
-- oldest first: this index gives each state its own run of finish times.

CREATE INDEX IF NOT EXISTS {prefix}jobs_retention ON {prefix}jobs (state, finished_at);

DROP INDEX IF EXISTS {prefix}jobs_finished;
