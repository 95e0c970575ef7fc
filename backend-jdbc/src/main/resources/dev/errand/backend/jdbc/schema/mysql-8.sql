-- Errand JDBC backend, schema version 8 (from 7), MySQL / MariaDB: the claim index orders on
-- priority_rank = -1 - priority instead of -priority. -priority does not fit an INT for the lowest
-- priority, -2147483648, so a job of that priority could not be enqueued; -1 - priority orders
-- jobs the same way and fits every priority. MySQL recomputes the column and rebuilds the table
-- (a copy), blocking writes to it meanwhile: on a large table, run this ALTER at a quiet time.

ALTER TABLE {prefix}jobs MODIFY priority_rank INT AS (-1 - priority) STORED;
