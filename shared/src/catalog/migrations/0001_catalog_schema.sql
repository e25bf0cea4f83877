-- shadowtune's own state lives in schema "shadowtune" of the catalog database.
CREATE SCHEMA IF NOT EXISTS shadowtune;

-- Events each consumer group has fully handled, for idempotent handlers: a redelivered
-- event whose id is here is skipped.
CREATE TABLE IF NOT EXISTS shadowtune.processed_events (
  consumer_group text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);
