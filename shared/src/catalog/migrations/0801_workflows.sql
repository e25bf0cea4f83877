-- Durable workflow engine: workflows, their ordered tasks, and every attempt at a task.
CREATE SCHEMA IF NOT EXISTS shadowtune;

CREATE TABLE IF NOT EXISTS shadowtune.workflows (
  workflow_id uuid PRIMARY KEY,
  kind text NOT NULL,
  -- Starting a workflow twice with the same key returns the first one.
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
  input jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX IF NOT EXISTS workflows_created_idx ON shadowtune.workflows (created_at DESC, workflow_id DESC);

-- Tasks run in `position` order within a workflow; a task is claimable when every earlier
-- task succeeded. A running task is leased by one worker until lease_expires_at; a worker
-- that dies stops heartbeating and another worker reclaims the task once the lease expired.
CREATE TABLE IF NOT EXISTS shadowtune.workflow_tasks (
  task_id uuid PRIMARY KEY,
  workflow_id uuid NOT NULL REFERENCES shadowtune.workflows (workflow_id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 0),
  task_type text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
  input jsonb NOT NULL,
  output jsonb,
  error jsonb,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL CHECK (max_attempts >= 1),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_owner text,
  lease_expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  UNIQUE (workflow_id, position),
  CHECK ((status = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
  CHECK ((status = 'succeeded') = (output IS NOT NULL))
);
-- What a worker polls: due pending tasks and expired leases, each a small partial index.
CREATE INDEX IF NOT EXISTS workflow_tasks_due_idx ON shadowtune.workflow_tasks (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS workflow_tasks_leased_idx ON shadowtune.workflow_tasks (lease_expires_at) WHERE status = 'running';

-- One row per attempt (who ran it, how it ended). At most one attempt of a task succeeds:
-- exactly-once completion is a constraint, not a convention.
CREATE TABLE IF NOT EXISTS shadowtune.workflow_task_attempts (
  task_id uuid NOT NULL REFERENCES shadowtune.workflow_tasks (task_id) ON DELETE CASCADE,
  attempt integer NOT NULL CHECK (attempt >= 1),
  worker_id text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  outcome text CHECK (outcome IN ('succeeded', 'retry', 'failed', 'lease-lost')),
  error jsonb,
  PRIMARY KEY (task_id, attempt)
);
CREATE UNIQUE INDEX IF NOT EXISTS workflow_task_attempts_one_success ON shadowtune.workflow_task_attempts (task_id) WHERE outcome = 'succeeded';

ALTER TABLE shadowtune.applications DROP CONSTRAINT IF EXISTS applications_workflow_fk;
ALTER TABLE shadowtune.applications ADD CONSTRAINT applications_workflow_fk
  FOREIGN KEY (workflow_id) REFERENCES shadowtune.workflows (workflow_id) ON DELETE SET NULL;
CREATE INDEX IF NOT EXISTS applications_workflow_idx ON shadowtune.applications (workflow_id);
