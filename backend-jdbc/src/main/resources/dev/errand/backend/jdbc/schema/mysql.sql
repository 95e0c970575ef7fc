-- Errand JDBC backend, schema version 1, MariaDB 10.6 or newer (tested: 10.11) and MySQL 8.0.14 or newer
-- (untested), InnoDB.
--
-- {prefix} is errand.jdbc.tablePrefix (default errand_). The backend runs this file when
-- errand.jdbc.createSchema=true (the default) and the table {prefix}schema_version is missing;
-- with createSchema=false, run it yourself (replace {prefix}) before starting Errand.
--
-- Times are BIGINT microseconds since 1970-01-01T00:00:00Z from the application's clock, so the
-- server's and the session's time_zone do not matter. Stored states: AVAILABLE (waiting:
-- scheduled, available or retryable, told apart by run_at and attempt), RUNNING, SUCCEEDED,
-- DEAD, CANCELLED. Indexes are declared inside CREATE TABLE because MySQL has no
-- CREATE INDEX IF NOT EXISTS.

CREATE TABLE IF NOT EXISTS {prefix}schema_version (
    version     INT          NOT NULL PRIMARY KEY,
    applied_at  BIGINT       NOT NULL,
    description VARCHAR(200) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Job ids: one counter row, advanced with LAST_INSERT_ID(next_id + n) (MySQL has no sequences).
CREATE TABLE IF NOT EXISTS {prefix}id_block (
    id      INT    NOT NULL PRIMARY KEY,
    next_id BIGINT NOT NULL
) ENGINE = InnoDB;

INSERT IGNORE INTO {prefix}id_block (id, next_id) VALUES (1, 0);

CREATE TABLE IF NOT EXISTS {prefix}jobs (
    id                BIGINT       NOT NULL PRIMARY KEY,
    name              VARCHAR(200) NOT NULL,
    queue             VARCHAR(200) NOT NULL,
    priority          INT          NOT NULL,
    -- -priority, so the claim index is ascending throughout (MariaDB < 10.8 ignores DESC in indexes).
    -- Schema version 8 (mysql-8.sql) makes it -1 - priority, which fits the lowest priority too.
    priority_rank     INT AS (-priority) STORED,
    state             VARCHAR(16)  NOT NULL,
    attempt           INT          NOT NULL,
    max_attempts      INT          NOT NULL,
    timeout_ms        BIGINT       NOT NULL,
    enqueued_at       BIGINT       NOT NULL,
    run_at            BIGINT       NOT NULL,
    finished_at       BIGINT       NULL,
    unique_key        VARCHAR(255) NULL,
    -- The unique key while the job is unfinished, NULL after: the unique index below holds only live keys.
    active_unique_key VARCHAR(255) AS (CASE WHEN state IN ('AVAILABLE', 'RUNNING') THEN unique_key END) STORED,
    lease_owner       VARCHAR(255) NULL,
    lease_expires_at  BIGINT       NULL,
    fingerprint       VARCHAR(64)  NOT NULL,
    payload           LONGBLOB     NOT NULL,
    KEY {prefix}jobs_claim (queue, state, priority_rank, run_at, id),
    KEY {prefix}jobs_due (queue, state, run_at),
    KEY {prefix}jobs_leases (state, lease_expires_at),
    KEY {prefix}jobs_finished (finished_at),
    UNIQUE KEY {prefix}jobs_unique (name, queue, active_unique_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Every failed attempt (TheSchwartz's error table); deleted with its job.
CREATE TABLE IF NOT EXISTS {prefix}job_errors (
    job_id      BIGINT       NOT NULL,
    attempt     INT          NOT NULL,
    failed_at   BIGINT       NOT NULL,
    error_type  VARCHAR(255) NOT NULL,
    message     MEDIUMTEXT   NOT NULL,
    stack_trace MEDIUMTEXT   NOT NULL,
    PRIMARY KEY (job_id, attempt),
    CONSTRAINT {prefix}job_errors_job FOREIGN KEY (job_id) REFERENCES {prefix}jobs (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Results of succeeded jobs that returned something (for submit() and call()); deleted with the job.
CREATE TABLE IF NOT EXISTS {prefix}job_results (
    job_id BIGINT   NOT NULL PRIMARY KEY,
    result LONGBLOB NOT NULL,
    CONSTRAINT {prefix}job_results_job FOREIGN KEY (job_id) REFERENCES {prefix}jobs (id) ON DELETE CASCADE
) ENGINE = InnoDB;
