-- schema-evolver state. Proposals and deployments themselves live in shadowtune.proposals /
-- shadowtune.deployments / shadowtune.deployment_steps (0802, source 'schema', kind SCHEMA);
-- the tables here hold what only the schema-evolver needs.
CREATE SCHEMA IF NOT EXISTS shadowtune;

-- The observed workload, one row per fingerprint and database ('' when the signatures carry none).
CREATE TABLE IF NOT EXISTS shadowtune.evolver_workload (
  fingerprint text NOT NULL,
  database text NOT NULL DEFAULT '',
  normalized_sql text NOT NULL,
  statement_kind text NOT NULL,
  parsed boolean NOT NULL,
  relations text[] NOT NULL DEFAULT '{}',
  calls double precision NOT NULL,
  total_ms double precision NOT NULL,
  parameters jsonb NOT NULL DEFAULT '[]',
  parameter_samples bigint NOT NULL DEFAULT 0,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  PRIMARY KEY (fingerprint, database)
);
CREATE INDEX IF NOT EXISTS evolver_workload_last_seen_idx ON shadowtune.evolver_workload (last_seen);

-- Signatures already folded in: a redelivered event changes nothing.
CREATE TABLE IF NOT EXISTS shadowtune.evolver_seen_events (
  event_id text PRIMARY KEY,
  seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS evolver_seen_events_seen_at_idx ON shadowtune.evolver_seen_events (seen_at);

-- Production latency per observation, for the watch of applied schema changes.
CREATE TABLE IF NOT EXISTS shadowtune.evolver_latency_samples (
  event_id text PRIMARY KEY,
  fingerprint text NOT NULL,
  observed_at timestamptz NOT NULL,
  duration_ms double precision NOT NULL,
  calls double precision NOT NULL
);
CREATE INDEX IF NOT EXISTS evolver_latency_samples_fingerprint_idx ON shadowtune.evolver_latency_samples (fingerprint, observed_at);

-- Table volume over time: production statistics sampled, or net changes counted from CDC events.
CREATE TABLE IF NOT EXISTS shadowtune.evolver_volume_samples (
  schema_name text NOT NULL,
  table_name text NOT NULL,
  sampled_at timestamptz NOT NULL,
  source text NOT NULL CHECK (source IN ('statistics', 'cdc')),
  row_count double precision NOT NULL,
  total_bytes double precision,
  PRIMARY KEY (schema_name, table_name, source, sampled_at)
);

-- CDC events already counted (topic/partition/offset), so a redelivery does not count twice.
CREATE TABLE IF NOT EXISTS shadowtune.evolver_cdc_offsets (
  event_key text PRIMARY KEY,
  seen_at timestamptz NOT NULL DEFAULT now()
);

-- What the evolver knows of each of its proposals beyond the published record: the
-- structured change and migration, the table structure it was computed against, the A/B.
CREATE TABLE IF NOT EXISTS shadowtune.evolver_proposals (
  proposal_id text PRIMARY KEY,
  change_type text NOT NULL,
  table_name text NOT NULL,
  spec jsonb NOT NULL,
  migration jsonb NOT NULL,
  fingerprints text[] NOT NULL,
  base_structure text NOT NULL,
  ab_result jsonb,
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Candidates of an analysis that did not become proposals, with their reason code.
CREATE TABLE IF NOT EXISTS shadowtune.evolver_skips (
  analysis_id text NOT NULL,
  change_type text NOT NULL,
  table_name text NOT NULL,
  column_name text NOT NULL DEFAULT '',
  reason_code text NOT NULL,
  detail text NOT NULL,
  evidence jsonb NOT NULL DEFAULT '{}',
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (analysis_id, change_type, table_name, column_name, reason_code)
);

-- A schema deployment as the evolver runs it: snapshot before, stage, watch, diff after rollback.
CREATE TABLE IF NOT EXISTS shadowtune.evolver_deployments (
  deployment_id text PRIMARY KEY,
  proposal_id text NOT NULL,
  policy text NOT NULL,
  snapshot_before jsonb,
  version_before text,
  stage text NOT NULL DEFAULT 'requested' CHECK (stage IN ('requested', 'expanded', 'switched', 'verified', 'rolled-back', 'failed')),
  applied_at timestamptz,
  watch_verdict text CHECK (watch_verdict IN ('watching', 'kept', 'regressed', 'no-baseline')),
  watch_figures jsonb,
  rollback_diff jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS evolver_deployments_watching_idx ON shadowtune.evolver_deployments (applied_at) WHERE watch_verdict = 'watching';

-- Steps of a deployment's migration already run (up) or undone (down): a redelivered or
-- resumed deployment continues where it stopped.
CREATE TABLE IF NOT EXISTS shadowtune.evolver_deployment_progress (
  deployment_id text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('up', 'down')),
  step_index integer NOT NULL,
  done_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (deployment_id, direction, step_index)
);
