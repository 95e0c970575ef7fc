-- Errand JDBC backend, schema version 4 (from 3), H2: the operator's job listing and paused queues.
--
-- A listing (errand jobs, Backend.listJobs) walks one of these indexes in (enqueued_at, id) order
-- from the page's cursor and stops after the page: keyset paging, no OFFSET.
--   jobs_list_state: a state filter (also retry of every dead job); jobs_list_queue: a queue filter
--   without a state filter; jobs_list: neither.

CREATE INDEX IF NOT EXISTS {prefix}jobs_list_state ON {prefix}jobs (state, enqueued_at, id);
CREATE INDEX IF NOT EXISTS {prefix}jobs_list_queue ON {prefix}jobs (queue, enqueued_at, id);
CREATE INDEX IF NOT EXISTS {prefix}jobs_list ON {prefix}jobs (enqueued_at, id);

-- Paused queues: workers claim from none of them; each worker reads this table at most once a second.

CREATE TABLE IF NOT EXISTS {prefix}paused_queues (
    queue      VARCHAR(200) NOT NULL PRIMARY KEY,
    paused_at  BIGINT       NOT NULL
);
