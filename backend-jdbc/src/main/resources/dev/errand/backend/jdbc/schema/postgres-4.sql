-- Errand JDBC backend, schema version 4 (from 3), PostgreSQL: the operator's job listing and paused
-- queues.
--
-- A listing (errand jobs, Backend.listJobs) walks one of these indexes in (enqueued_at, id) order
-- from the page's cursor and stops after the page: keyset paging, no OFFSET, so every page of a
-- table of millions of jobs reads about as many index entries as it returns.
--   jobs_list_state: a state filter (DEAD, SUCCEEDED, ...; also retry of every dead job), any queue or name
--   jobs_list_queue: a queue filter without a state filter
--   jobs_list:       no state or queue filter (a name or time filter is checked row by row on the walk)
-- On a large table, build them first with CREATE INDEX CONCURRENTLY (same names), so that this
-- script finds them and writes are not blocked while they build.

CREATE INDEX IF NOT EXISTS {prefix}jobs_list_state ON {prefix}jobs (state, enqueued_at, id);
CREATE INDEX IF NOT EXISTS {prefix}jobs_list_queue ON {prefix}jobs (queue, enqueued_at, id);
CREATE INDEX IF NOT EXISTS {prefix}jobs_list ON {prefix}jobs (enqueued_at, id);

-- Paused queues: workers claim from none of them; each worker reads this table at most once a second.

CREATE TABLE IF NOT EXISTS {prefix}paused_queues (
    queue      VARCHAR(200) NOT NULL PRIMARY KEY,
    paused_at  BIGINT       NOT NULL
);
