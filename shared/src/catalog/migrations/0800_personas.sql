-- Persona registry and the applications created from personas (control-plane / workflows).
CREATE SCHEMA IF NOT EXISTS shadowtune;

-- One row per persona VERSION. A version is immutable (see the trigger below): a change is
-- a new version. Built-in personas are registered from the code at start-up.
CREATE TABLE IF NOT EXISTS shadowtune.personas (
  persona_id text NOT NULL CHECK (persona_id ~ '^[a-z][a-z0-9-]{1,62}$'),
  version integer NOT NULL CHECK (version >= 1),
  name text NOT NULL,
  description text NOT NULL,
  built_in boolean NOT NULL DEFAULT false,
  definition jsonb NOT NULL,
  definition_sha256 text NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (persona_id, version)
);
-- Listing personas by id (keyset pagination) reads the latest version of each via the primary key.

CREATE OR REPLACE FUNCTION shadowtune.refuse_persona_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'persona versions are immutable; create a new version instead' USING ERRCODE = 'check_violation';
END
$$;
DROP TRIGGER IF EXISTS personas_immutable ON shadowtune.personas;
CREATE TRIGGER personas_immutable BEFORE UPDATE ON shadowtune.personas
  FOR EACH ROW EXECUTE FUNCTION shadowtune.refuse_persona_update();

-- An application whose database was (or is being) created from a persona version. The
-- row is written when the deployment is requested, so a persona in use cannot be deleted
-- (the foreign key restricts) even before its workflow ran.
CREATE TABLE IF NOT EXISTS shadowtune.applications (
  application_id text PRIMARY KEY CHECK (application_id ~ '^[a-z][a-z0-9-]{0,62}$'),
  persona_id text NOT NULL,
  persona_version integer NOT NULL,
  target_server text NOT NULL,
  database_name text NOT NULL,
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'ready', 'failed')),
  workflow_id uuid,
  requested_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (persona_id, persona_version) REFERENCES shadowtune.personas (persona_id, version) ON DELETE RESTRICT,
  UNIQUE (target_server, database_name)
);
CREATE INDEX IF NOT EXISTS applications_persona_idx ON shadowtune.applications (persona_id, persona_version);
CREATE INDEX IF NOT EXISTS applications_created_idx ON shadowtune.applications (created_at DESC, application_id DESC);
