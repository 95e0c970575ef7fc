-- Errand JDBC backend, schema version 2 (from 1), PostgreSQL.
--
-- The maintenance lease: one row naming the worker that rescues expired leases and prunes finished
-- jobs for every worker on this database, until when (epoch µs of the application's clock).
-- Workers take it over with UPDATE ... WHERE owner = me OR until_us < now.

CREATE TABLE IF NOT EXISTS {prefix}maintenance_lease (
    id        INT          NOT NULL PRIMARY KEY,
    owner     VARCHAR(200) NOT NULL,
    until_us  BIGINT       NOT NULL
);

INSERT INTO {prefix}maintenance_lease (id, owner, until_us) VALUES (1, '', 0) ON CONFLICT (id) DO NOTHING;
