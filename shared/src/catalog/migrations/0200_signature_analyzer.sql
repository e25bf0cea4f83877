-- signature-analyzer: per-fingerprint window statistics, the last examination of each
-- fingerprint (with the reason when it produced no finding) and the findings themselves.
CREATE SCHEMA IF NOT EXISTS shadowtune;

-- Sliding-window statistics of each fingerprint; `state` is the full FingerprintStats
-- (windows with latency sketches and log-duration moments) so they survive a restart.
-- The scalar columns repeat its totals for queries and dashboards.
CREATE TABLE IF NOT EXISTS shadowtune.signature_stats (
  fingerprint text PRIMARY KEY,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  lifetime_calls double precision NOT NULL,
  window_calls double precision NOT NULL,
  mean_ms double precision,
  p95_ms double precision,
  total_ms double precision,
  rows_total double precision NOT NULL DEFAULT 0,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS signature_stats_last_seen_idx ON shadowtune.signature_stats (last_seen);

-- The last examination of each fingerprint. A fingerprint examined without a finding
-- keeps the reason code (BELOW_THRESHOLD, ALREADY_INDEXED, SMALL_TABLE, NOT_PARSABLE, ...).
CREATE TABLE IF NOT EXISTS shadowtune.signature_examinations (
  fingerprint text PRIMARY KEY,
  normalized_sql text NOT NULL,
  statement_kind text NOT NULL,
  examined_at timestamptz NOT NULL,
  trigger text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('finding', 'no_finding')),
  reason_code text,
  reason_detail text,
  patterns text[] NOT NULL DEFAULT '{}',
  finding_id text,
  schema_version text,
  examinations integer NOT NULL DEFAULT 1,
  CHECK ((outcome = 'no_finding') = (reason_code IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS signature_examinations_reason_idx ON shadowtune.signature_examinations (reason_code) WHERE reason_code IS NOT NULL;

-- Findings as published on query.findings. findingId = hash(fingerprint, pattern set):
-- the same problem gets a new revision, never a second row.
CREATE TABLE IF NOT EXISTS shadowtune.analyzer_findings (
  finding_id text PRIMARY KEY,
  fingerprint text NOT NULL,
  patterns text[] NOT NULL,
  severity text NOT NULL,
  revision integer NOT NULL,
  content_hash text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  finding jsonb NOT NULL,
  first_detected_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS analyzer_findings_fingerprint_idx ON shadowtune.analyzer_findings (fingerprint);
