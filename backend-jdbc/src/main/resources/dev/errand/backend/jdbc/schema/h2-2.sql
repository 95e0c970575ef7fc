-- Errand JDBC backend, schema version 2 (from 1), H2: retention by state, and the maintenance
-- lease.
--
-- Succeeded jobs and dead or cancelled ones are kept for different times
-- (errand.jdbc.retention.succeeded / .failed), so the pruner deletes per state, oldest first: this
-- index gives each state its own run of finish times.

CREATE INDEX IF NOT EXISTS {prefix}jobs_retention ON {prefix}jobs (state, finished_at);

DROP INDEX IF EXISTS {prefix}jobs_finished;

-- The maintenance lease: one row naming the worker that rescues expired leases and prunes finished
-- jobs for every worker on this database, until when (epoch µs of the application's clock).
-- Workers take it over with UPDATE ... WHERE owner = me OR until_us <= now.

CREATE TABLE IF NOT EXISTS {prefix}maintenance_lease (
    id        INT          NOT NULL PRIMARY KEY,
    owner     VARCHAR(200) NOT NULL,
    until_us  BIGINT       NOT NULL
);

MERGE INTO {prefix}maintenance_lease (id, owner, until_us) KEY (id) VALUES (1, '', 0);
