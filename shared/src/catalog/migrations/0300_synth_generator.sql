-- synth-generator: every synthetic dataset built, with the record published for it.
-- dataset_id is derived from (finding id, finding revision, seed), so a redelivered
-- finding maps to the same row.
CREATE SCHEMA IF NOT EXISTS shadowtune;

CREATE TABLE IF NOT EXISTS shadowtune.synth_datasets (
  dataset_id text PRIMARY KEY,
  finding_id text NOT NULL,
  finding_revision integer NOT NULL,
  fingerprint text NOT NULL,
  seed bigint NOT NULL,
  schema_version text,
  record jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS synth_datasets_fingerprint_idx ON shadowtune.synth_datasets (fingerprint, created_at DESC);
