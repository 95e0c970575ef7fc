-- Errand JDBC backend, schema version 7 (from 6), PostgreSQL: outcome notifications only for jobs
-- someone awaits.
--
-- Every statement that finished jobs sent their ids on the done channel, and every Errand session
-- LISTENing (one per worker process and client) received them, although only a client awaiting an
-- outcome uses them; a transaction that notifies also takes the server's notification lock at
-- commit, so many worker processes finishing jobs at once queued on it. A job is now marked
-- awaited when it is submitted for its outcome (call(), submit()) or when a client starts waiting
-- for it later, and only awaited jobs are announced. Adding a column with a constant default
-- changes only the catalog: no table rewrite, a brief lock.

ALTER TABLE {prefix}jobs ADD COLUMN IF NOT EXISTS awaited BOOLEAN NOT NULL DEFAULT FALSE;

CREATE OR REPLACE FUNCTION {prefix}notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{prefix}work', q.queue)
       FROM (SELECT DISTINCT queue FROM changed_jobs WHERE state = 'AVAILABLE') q;
    PERFORM pg_notify('{prefix}done', string_agg(f.id::text, ','))
       FROM (SELECT id, row_number() OVER () / 300 AS chunk
               FROM changed_jobs WHERE awaited AND state IN ('SUCCEEDED', 'DEAD', 'CANCELLED')) f
      GROUP BY f.chunk;
    RETURN NULL;
END
$$;
