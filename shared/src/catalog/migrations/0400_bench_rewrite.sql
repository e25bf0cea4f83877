-- bench-runner and rewrite-engine state. Proposals and deployments themselves live in
-- shadowtune.proposals / shadowtune.deployments / shadowtune.deployment_steps (0802, shared
-- with the control plane); the tables here hold what only these two services need.
CREATE SCHEMA IF NOT EXISTS shadowtune;

-- Every bench result published, by its id: a redelivered request or dataset is answered
-- with the stored result instead of being measured again.
CREATE TABLE IF NOT EXISTS shadowtune.bench_results (
  result_id text PRIMARY KEY,
  request_id text,
  dataset_id text,
  -- Shadow database the dataset lives in (a name, never a URL), for requests naming the dataset.
  shadow_database text,
  fingerprint text NOT NULL,
  result jsonb NOT NULL,
  completed_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS bench_results_fingerprint_idx ON shadowtune.bench_results (fingerprint, completed_at DESC);
CREATE INDEX IF NOT EXISTS bench_results_dataset_idx ON shadowtune.bench_results (dataset_id) WHERE dataset_id IS NOT NULL;

-- The findings the rewrite-engine works on (latest revision of each), with the tables the
-- statement touches, so candidates can be consolidated across fingerprints of a table.
CREATE TABLE IF NOT EXISTS shadowtune.rewrite_findings (
  finding_id text PRIMARY KEY,
  fingerprint text NOT NULL,
  revision integer NOT NULL,
  normalized_sql text NOT NULL,
  statement_kind text NOT NULL,
  tables text[] NOT NULL,
  patterns text[] NOT NULL,
  finding jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS rewrite_findings_fingerprint_idx ON shadowtune.rewrite_findings (fingerprint);
CREATE INDEX IF NOT EXISTS rewrite_findings_tables_idx ON shadowtune.rewrite_findings USING gin (tables);

-- One bench request the engine made to evaluate candidates, and what each variant stands for.
CREATE TABLE IF NOT EXISTS shadowtune.rewrite_evaluations (
  request_id text PRIMARY KEY,
  fingerprint text NOT NULL,
  dataset_id text,
  finding_ids text[] NOT NULL,
  candidates jsonb NOT NULL,
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'judged')),
  created_at timestamptz NOT NULL DEFAULT now(),
  judged_at timestamptz
);
CREATE INDEX IF NOT EXISTS rewrite_evaluations_fingerprint_idx ON shadowtune.rewrite_evaluations (fingerprint, created_at DESC);

-- Every candidate considered, with its outcome. A candidate that was not proposed keeps
-- its reason code (RESULT_MISMATCH, INSUFFICIENT_SPEEDUP, HURTS_TAIL, ...).
CREATE TABLE IF NOT EXISTS shadowtune.rewrite_candidates (
  request_id text NOT NULL,
  candidate_id text NOT NULL,
  fingerprint text NOT NULL,
  kind text NOT NULL,
  sql text NOT NULL,
  rollback_sql text,
  outcome text NOT NULL CHECK (outcome IN ('proposed', 'rejected', 'advisory', 'skipped')),
  reason_code text,
  reason_detail text,
  figures jsonb NOT NULL DEFAULT '{}',
  proposal_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (request_id, candidate_id),
  CHECK ((outcome = 'proposed') OR (reason_code IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS rewrite_candidates_fingerprint_idx ON shadowtune.rewrite_candidates (fingerprint, created_at DESC);

-- Why a finding produced no candidate at all (no table indexable, statement not analysable, ...).
CREATE TABLE IF NOT EXISTS shadowtune.rewrite_skips (
  finding_id text NOT NULL,
  reason_code text NOT NULL,
  reason_detail text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (finding_id, reason_code)
);

-- Production latency of fingerprints that have a proposal, per minute, from query.signatures:
-- what the watch compares before and after a deployment.
CREATE TABLE IF NOT EXISTS shadowtune.latency_samples (
  fingerprint text NOT NULL,
  bucket_start timestamptz NOT NULL,
  calls double precision NOT NULL,
  total_ms double precision NOT NULL,
  PRIMARY KEY (fingerprint, bucket_start)
);

-- The watch of an applied change: fingerprints watched, when it was applied, the verdict.
CREATE TABLE IF NOT EXISTS shadowtune.deployment_watches (
  deployment_id text PRIMARY KEY,
  proposal_id text NOT NULL,
  fingerprints text[] NOT NULL,
  applied_at timestamptz NOT NULL,
  window_ms bigint NOT NULL,
  verdict text NOT NULL DEFAULT 'watching' CHECK (verdict IN ('watching', 'kept', 'regressed', 'no-baseline')),
  before_mean_ms double precision,
  after_mean_ms double precision,
  before_calls double precision,
  after_calls double precision,
  decided_at timestamptz
);
CREATE INDEX IF NOT EXISTS deployment_watches_open_idx ON shadowtune.deployment_watches (applied_at) WHERE verdict = 'watching';

-- Rewrite rules published on rewrite.rules (the current state of each).
CREATE TABLE IF NOT EXISTS shadowtune.rewrite_rules (
  rule_id text PRIMARY KEY,
  proposal_id text NOT NULL,
  fingerprint text NOT NULL,
  action text NOT NULL CHECK (action IN ('ACTIVATE', 'WITHDRAW')),
  replacement_sql text,
  traffic_share double precision NOT NULL,
  effective_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS rewrite_rules_fingerprint_idx ON shadowtune.rewrite_rules (fingerprint);
