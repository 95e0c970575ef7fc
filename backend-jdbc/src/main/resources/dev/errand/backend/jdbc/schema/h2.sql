-- Errand JDBC backend, schema version 1, H2 2.2 or newer (tested: 2.3).
--
-- {prefix} is errand.jdbc.tablePrefix (default errand_). The backend runs this file when
-- errand.jdbc.createSchema=true (the default) and the table {prefix}schema_version is missing;
-- with createSchema=false, run it yourself (replace {prefix}) before starting Errand.
--
-- Times are BIGINT microseconds since 1970-01-01T00:00:00Z from the application's clock.
-- Stored states: AVAILABLE (waiting: scheduled, available or retryable, told apart by run_at
-- and attempt), RUNNING, SUCCEEDED, DEAD, CANCELLED.

CREATE TABLE IF NOT EXISTS {prefix}schema_version (
    version     INT          NOT NULL PRIMARY KEY,
    applied_at  BIGINT       NOT NULL,
    description VARCHAR(200) NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS {prefix}job_ids;

CREATE TABLE IF NOT EXISTS {prefix}jobs (
    id                BIGINT       NOT NULL PRIMARY KEY,
    name              VARCHAR(200) NOT NULL,
    queue             VARCHAR(200) NOT NULL,
    priority          INT          NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    attempt           INT          NOT NULL,
    max_attempts      INT          NOT NULL,
    timeout_ms        BIGINT       NOT NULL,
    enqueued_at       BIGINT       NOT NULL,
    run_at            BIGINT       NOT NULL,
    finished_at       BIGINT,
    unique_key        VARCHAR(255),
    -- The unique key while the job is unfinished, NULL after: the unique index below holds only live keys.
    active_unique_key VARCHAR(255) GENERATED ALWAYS AS (CASE WHEN state IN ('AVAILABLE', 'RUNNING') THEN unique_key END),
    lease_owner       VARCHAR(255),
    lease_expires_at  BIGINT,
    fingerprint       VARCHAR(64)  NOT NULL,
    payload           BINARY LARGE OBJECT NOT NULL
);

CREATE INDEX IF NOT EXISTS {prefix}jobs_claim ON {prefix}jobs (queue, state, priority DESC, run_at, id);
CREATE INDEX IF NOT EXISTS {prefix}jobs_due ON {prefix}jobs (queue, state, run_at);
CREATE INDEX IF NOT EXISTS {prefix}jobs_leases ON {prefix}jobs (state, lease_expires_at);
CREATE INDEX IF NOT EXISTS {prefix}jobs_finished ON {prefix}jobs (finished_at);
CREATE UNIQUE INDEX IF NOT EXISTS {prefix}jobs_unique ON {prefix}jobs (name, queue, active_unique_key);

-- Every failed attempt (TheSchwartz's error table); deleted with its job.
CREATE TABLE IF NOT EXISTS {prefix}job_errors (
    job_id      BIGINT       NOT NULL,
    attempt     INT          NOT NULL,
    failed_at   BIGINT       NOT NULL,
    error_type  VARCHAR(255) NOT NULL,
    message     CHARACTER LARGE OBJECT NOT NULL,
    stack_trace CHARACTER LARGE OBJECT NOT NULL,
    PRIMARY KEY (job_id, attempt),
    CONSTRAINT {prefix}job_errors_job FOREIGN KEY (job_id) REFERENCES {prefix}jobs (id) ON DELETE CASCADE
);

-- Results of succeeded jobs that returned something (for submit() and call()); deleted with the job.
CREATE TABLE IF NOT EXISTS {prefix}job_results (
    job_id BIGINT NOT NULL PRIMARY KEY,
    result BINARY LARGE OBJECT NOT NULL,
    CONSTRAINT {prefix}job_results_job FOREIGN KEY (job_id) REFERENCES {prefix}jobs (id) ON DELETE CASCADE
);
