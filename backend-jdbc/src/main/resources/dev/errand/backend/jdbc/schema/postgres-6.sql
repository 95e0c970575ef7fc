-- Errand JDBC backend, schema version 6 (from 5), PostgreSQL: partial listing indexes.
--
-- Claiming a job and finishing it change its state, which an index predicate names, so neither
-- update is a HOT update and each writes an entry into every index on the table. The listing
-- indexes of version 4 covered every row, so each job wrote nine listing entries in its life (the
-- drain paid about as much for them as for the rest of the table). These cover only the states a
-- listing walks in order, so a job writes one or two entries when it is stored and one or two when
-- it finishes; running jobs (one per job thread) are listed along jobs_leases and sorted. The
-- listing reads one branch per state along its index (JobListing).
--   jobs_list_waiting, jobs_list_waiting_queue:   waiting jobs, without and with a queue filter
--   jobs_list_finished, jobs_list_finished_queue: finished jobs by state, without and with a queue filter
-- On a large table, build them first with CREATE INDEX CONCURRENTLY (same names), so that this
-- script finds them and writes are not blocked while they build; dropping the old ones takes a
-- brief lock.

CREATE INDEX IF NOT EXISTS {prefix}jobs_list_waiting ON {prefix}jobs (enqueued_at, id)
    WHERE state = 'AVAILABLE';
CREATE INDEX IF NOT EXISTS {prefix}jobs_list_waiting_queue ON {prefix}jobs (queue, enqueued_at, id)
    WHERE state = 'AVAILABLE';
CREATE INDEX IF NOT EXISTS {prefix}jobs_list_finished ON {prefix}jobs (state, enqueued_at, id)
    WHERE state IN ('SUCCEEDED', 'DEAD', 'CANCELLED');
CREATE INDEX IF NOT EXISTS {prefix}jobs_list_finished_queue ON {prefix}jobs (queue, state, enqueued_at, id)
    WHERE state IN ('SUCCEEDED', 'DEAD', 'CANCELLED');

DROP INDEX IF EXISTS {prefix}jobs_list_state;
DROP INDEX IF EXISTS {prefix}jobs_list_queue;
DROP INDEX IF EXISTS {prefix}jobs_list;
