-- Errand JDBC backend, schema version 4 (from 3), MySQL / MariaDB: the operator's job listing and
-- paused queues.
--
-- A listing (errand jobs, Backend.listJobs) walks one of these indexes in (enqueued_at, id) order
-- from the page's cursor and stops after the page: keyset paging, no OFFSET.
--   jobs_list_state: a state filter (also retry of every dead job); jobs_list_queue: a queue filter
--   without a state filter; jobs_list: neither.
-- One ALTER TABLE (MySQL has no CREATE INDEX IF NOT EXISTS), so the indexes come all at once or not
-- at all; InnoDB builds them in place without blocking writes.

ALTER TABLE {prefix}jobs ADD INDEX {prefix}jobs_list_state (state, enqueued_at, id),
    ADD INDEX {prefix}jobs_list_queue (queue, enqueued_at, id), ADD INDEX {prefix}jobs_list (enqueued_at, id);

-- Paused queues: workers claim from none of them; each worker reads this table at most once a second.

CREATE TABLE IF NOT EXISTS {prefix}paused_queues (
    queue      VARCHAR(200) NOT NULL PRIMARY KEY,
    paused_at  BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
