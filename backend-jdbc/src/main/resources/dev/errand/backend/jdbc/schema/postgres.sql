-- Errand JDBC backend, schema version 1, PostgreSQL 12 or newer (tested: 12, 14 and 18).
--
-- {prefix} is errand.jdbc.tablePrefix (default errand_). The backend runs this file when
-- errand.jdbc.createSchema=true (the default) and the table {prefix}schema_version is missing;
-- with createSchema=false, run it yourself (replace {prefix}) before starting Errand.
--
-- Times are BIGINT microseconds since 1970-01-01T00:00:00Z from the application's clock
-- (to_timestamp(run_at / 1e6) shows one). Stored states: AVAILABLE (waiting: scheduled,
-- available or retryable, told apart by run_at and attempt), RUNNING, SUCCEEDED, DEAD, CANCELLED.

CREATE TABLE IF NOT EXISTS {prefix}schema_version (
    version     INT          NOT NULL PRIMARY KEY,
    applied_at  BIGINT       NOT NULL,
    description VARCHAR(200) NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS {prefix}job_ids;

CREATE TABLE IF NOT EXISTS {prefix}jobs (
    id               BIGINT       NOT NULL PRIMARY KEY,
    name             VARCHAR(200) NOT NULL,
    queue            VARCHAR(200) NOT NULL,
    priority         INT          NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    attempt          INT          NOT NULL,
    max_attempts     INT          NOT NULL,
    timeout_ms       BIGINT       NOT NULL,
    enqueued_at      BIGINT       NOT NULL,
    run_at           BIGINT       NOT NULL,
    finished_at      BIGINT,
    unique_key       VARCHAR(255),
    lease_owner      VARCHAR(255),
    lease_expires_at BIGINT,
    fingerprint      VARCHAR(64)  NOT NULL,
    payload          BYTEA        NOT NULL
) WITH (fillfactor = 90);

-- A queue table churns: every job is inserted, updated two or three times and deleted. Analyse and
-- vacuum after a small fraction of changes instead of the default 10 % / 20 %, so the planner's
-- statistics follow a backlog that grows from nothing in seconds.
ALTER TABLE {prefix}jobs SET (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);

-- The claim: per queue, the waiting jobs in claim order; an index scan that stops after LIMIT rows.
CREATE INDEX IF NOT EXISTS {prefix}jobs_claim ON {prefix}jobs (queue, priority DESC, run_at, id)
    WHERE state = 'AVAILABLE';
-- When the next waiting job of a queue is due (idle workers sleep until then). Its predicate names
-- lease_owner IS NULL (true of every waiting job) so that only the statement that says so, the
-- next-due lookup, can use it: the claim does not, so the planner cannot pick this index for the
-- claim and sort the whole due backlog, as it did with statistics taken before the backlog came.
CREATE INDEX IF NOT EXISTS {prefix}jobs_due ON {prefix}jobs (queue, run_at)
    WHERE state = 'AVAILABLE' AND lease_owner IS NULL;
-- Expired leases.
CREATE INDEX IF NOT EXISTS {prefix}jobs_leases ON {prefix}jobs (lease_expires_at) WHERE state = 'RUNNING';
-- Retention: finished jobs, oldest first.
CREATE INDEX IF NOT EXISTS {prefix}jobs_finished ON {prefix}jobs (finished_at) WHERE finished_at IS NOT NULL;
-- Unique keys, per job name and queue: held by unfinished jobs only; enqueue skips a held key with ON CONFLICT DO NOTHING.
CREATE UNIQUE INDEX IF NOT EXISTS {prefix}jobs_unique ON {prefix}jobs (name, queue, unique_key)
    WHERE unique_key IS NOT NULL AND state IN ('AVAILABLE', 'RUNNING');

-- Every failed attempt (TheSchwartz's error table); deleted with its job.
CREATE TABLE IF NOT EXISTS {prefix}job_errors (
    job_id      BIGINT       NOT NULL REFERENCES {prefix}jobs (id) ON DELETE CASCADE,
    attempt     INT          NOT NULL,
    failed_at   BIGINT       NOT NULL,
    error_type  VARCHAR(255) NOT NULL,
    message     TEXT         NOT NULL,
    stack_trace TEXT         NOT NULL,
    PRIMARY KEY (job_id, attempt)
);

-- Results of succeeded jobs that returned something (for submit() and call()); deleted with the job.
CREATE TABLE IF NOT EXISTS {prefix}job_results (
    job_id BIGINT NOT NULL PRIMARY KEY REFERENCES {prefix}jobs (id) ON DELETE CASCADE,
    result BYTEA  NOT NULL
);

-- Wake-ups: NOTIFY {prefix}work with the queue when jobs are inserted or become waiting again,
-- and NOTIFY {prefix}done with the ids (comma-separated, up to 300 per notification: a payload
-- holds less than 8,000 bytes) when jobs finish. Delivered at commit, so a transactional enqueue
-- that rolls back wakes nobody. Both triggers run once per statement over its rows, not once per
-- row: a batch claim or completion of 100 jobs costs one trigger call and a few notifications.
CREATE OR REPLACE FUNCTION {prefix}notify_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{prefix}work', q.queue) FROM (SELECT DISTINCT queue FROM inserted_jobs) q;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION {prefix}notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{prefix}work', q.queue)
       FROM (SELECT DISTINCT queue FROM changed_jobs WHERE state = 'AVAILABLE') q;
    PERFORM pg_notify('{prefix}done', string_agg(f.id::text, ','))
       FROM (SELECT id, row_number() OVER () / 300 AS chunk
               FROM changed_jobs WHERE state IN ('SUCCEEDED', 'DEAD', 'CANCELLED')) f
      GROUP BY f.chunk;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS {prefix}jobs_inserted ON {prefix}jobs;
CREATE TRIGGER {prefix}jobs_inserted AFTER INSERT ON {prefix}jobs
    REFERENCING NEW TABLE AS inserted_jobs
    FOR EACH STATEMENT EXECUTE FUNCTION {prefix}notify_inserted();

-- Every UPDATE statement (a transition table rules out "UPDATE OF state"): the claim's rows are
-- RUNNING and a renewal's stay RUNNING, so they notify nobody. Finished rows are never updated
-- again, so a finished state in the new rows means the statement finished them.
DROP TRIGGER IF EXISTS {prefix}jobs_changed ON {prefix}jobs;
CREATE TRIGGER {prefix}jobs_changed AFTER UPDATE ON {prefix}jobs
    REFERENCING NEW TABLE AS changed_jobs
    FOR EACH STATEMENT EXECUTE FUNCTION {prefix}notify_changed();
