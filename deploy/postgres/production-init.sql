-- Runs once when the production container's data directory is created.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
-- The role shadowtune reads production with (read-only: SELECT on the schema, statistics views).
CREATE ROLE shadowtune_reader LOGIN PASSWORD 'reader' IN ROLE pg_read_all_data, pg_read_all_stats;
-- The deployer role (CREATE INDEX CONCURRENTLY and reversible migrations, under the policy).
CREATE ROLE shadowtune_deployer LOGIN PASSWORD 'deployer' IN ROLE pg_read_all_data;
GRANT CREATE ON SCHEMA public TO shadowtune_deployer;
