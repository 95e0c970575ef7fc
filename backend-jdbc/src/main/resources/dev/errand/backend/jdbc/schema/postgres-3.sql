-- Errand JDBC backend, recurring jobs (schema version 3), PostgreSQL.
--
-- One row per schedule: what to enqueue (the job's name, queue, priority, attempts, timeout,
-- fingerprint and encoded arguments), when (a cron expression read in a zone, and what to do about
-- missed instants), and where it stands. next_fire (epoch µs of the application's clock) is the
-- compare-and-set value that makes each instant fire once: a worker fires a schedule with
-- UPDATE ... SET next_fire = <next> WHERE name = ? AND next_fire = <expected> AND NOT paused, and
-- inserts the run in the same transaction.

CREATE TABLE IF NOT EXISTS {prefix}schedules (
    name          VARCHAR(200) NOT NULL PRIMARY KEY,
    cron          VARCHAR(200) NOT NULL,
    zone          VARCHAR(64)  NOT NULL,
    missed        VARCHAR(16)  NOT NULL,
    max_catch_up  INT          NOT NULL,
    job_name      VARCHAR(200) NOT NULL,
    queue         VARCHAR(200) NOT NULL,
    priority      INT          NOT NULL,
    max_attempts  INT          NOT NULL,
    timeout_ms    BIGINT       NOT NULL,
    fingerprint   VARCHAR(64)  NOT NULL,
    payload       BYTEA NOT NULL,
    next_fire     BIGINT       NOT NULL,
    paused        BOOLEAN      NOT NULL,
    last_fire     BIGINT,
    last_job_id   BIGINT
);

CREATE INDEX IF NOT EXISTS {prefix}schedules_due ON {prefix}schedules (next_fire) WHERE NOT paused;
