-- Errand JDBC backend, schema version 7 (from 6), MySQL / MariaDB: whether someone awaits the
-- job's outcome. PostgreSQL announces only awaited jobs' outcomes (postgres-7.sql); MySQL has no
-- notifications, its clients poll, and the column keeps one table shape for every database.
-- MySQL has no ADD COLUMN IF NOT EXISTS; the schema lock and the version table make this run once.

ALTER TABLE {prefix}jobs ADD COLUMN awaited BOOLEAN NOT NULL DEFAULT FALSE;
