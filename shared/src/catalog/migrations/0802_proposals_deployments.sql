-- Minimal catalog of proposals and deployments, read and decided on through the
-- control-plane API (/proposals, /deployments). Written here because the control plane
-- needs them first; the rewrite-engine and schema-evolver write proposals into them and
-- advance deployments, and may extend them with new migrations.
CREATE SCHEMA IF NOT EXISTS shadowtune;

-- A proposal as published on rewrite.proposals (source 'rewrite') or schema.proposals
-- (source 'schema'): `record` is the event record itself (SQL, rollback, evidence).
CREATE TABLE IF NOT EXISTS shadowtune.proposals (
  proposal_id text PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('rewrite', 'schema')),
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'APPLIED', 'ROLLED_BACK', 'ADVISORY')),
  rationale text NOT NULL,
  record jsonb NOT NULL,
  decided_by text,
  decision_reason text,
  decided_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status IN ('APPROVED', 'REJECTED')) <= (decided_at IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS proposals_created_idx ON shadowtune.proposals (created_at DESC, proposal_id DESC);
CREATE INDEX IF NOT EXISTS proposals_status_created_idx ON shadowtune.proposals (status, created_at DESC, proposal_id DESC);

-- Current state of each deployment of a proposal; the steps table keeps its history.
CREATE TABLE IF NOT EXISTS shadowtune.deployments (
  deployment_id text PRIMARY KEY,
  proposal_id text NOT NULL REFERENCES shadowtune.proposals (proposal_id) ON DELETE RESTRICT,
  proposal_kind text NOT NULL,
  step text NOT NULL CHECK (step IN ('REQUESTED', 'APPLIED', 'VERIFIED', 'FAILED', 'ROLLBACK_REQUESTED', 'ROLLED_BACK')),
  policy text NOT NULL CHECK (policy IN ('MANUAL', 'AUTOMATIC', 'AB')),
  statements jsonb NOT NULL DEFAULT '[]',
  reason text,
  traffic_share double precision,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS deployments_proposal_idx ON shadowtune.deployments (proposal_id);
CREATE INDEX IF NOT EXISTS deployments_created_idx ON shadowtune.deployments (created_at DESC, deployment_id DESC);
-- At most one live deployment per proposal, so two approvals racing cannot both deploy.
CREATE UNIQUE INDEX IF NOT EXISTS deployments_one_live_per_proposal ON shadowtune.deployments (proposal_id)
  WHERE step IN ('REQUESTED', 'APPLIED', 'VERIFIED', 'ROLLBACK_REQUESTED');

CREATE TABLE IF NOT EXISTS shadowtune.deployment_steps (
  deployment_id text NOT NULL REFERENCES shadowtune.deployments (deployment_id) ON DELETE CASCADE,
  step text NOT NULL,
  at timestamptz NOT NULL,
  reason text,
  statements jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (deployment_id, at, step)
);
