-- Errand JDBC backend, schema version 2 (from 1), MySQL / MariaDB: retention by state, and the
-- maintenance lease.
--
-- Succeeded jobs and dead or cancelled ones are kept for different times
-- (errand.jdbc.retention.succeeded / .failed), so the pruner deletes per state, oldest first: this
-- index gives each state its own run of finish times. One ALTER TABLE (MySQL has no CREATE INDEX
-- IF NOT EXISTS), so the index is swapped at once or not at all; InnoDB builds it in place without
-- blocking writes.

ALTER TABLE {prefix}jobs DROP INDEX {prefix}jobs_finished, ADD INDEX {prefix}jobs_retention (state, finished_at);

-- The maintenance lease: one row naming the worker that rescues expired leases and prunes finished
-- jobs for every worker on this database, until when (epoch µs of the application's clock).
-- Workers take it over with UPDATE ... WHERE owner = me OR until_us <= now.

CREATE TABLE IF NOT EXISTS {prefix}maintenance_lease (
    id        INT          NOT NULL PRIMARY KEY,
    owner     VARCHAR(200) NOT NULL,
    until_us  BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT IGNORE INTO {prefix}maintenance_lease (id, owner, until_us) VALUES (1, '', 0);
