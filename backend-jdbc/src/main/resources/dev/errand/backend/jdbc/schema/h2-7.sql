-- Errand JDBC backend, schema version 7 (from 6), H2: whether someone awaits the job's outcome.
-- PostgreSQL announces only awaited jobs' outcomes (postgres-7.sql); H2 has no notifications, its
-- clients poll, and the column keeps one table shape for every database.

ALTER TABLE {prefix}jobs ADD COLUMN IF NOT EXISTS awaited BOOLEAN DEFAULT FALSE NOT NULL;
