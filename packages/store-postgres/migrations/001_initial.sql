-- Initial schema of @org/store-postgres. Runs with search_path set to the
-- target schema, so every name below is created inside it.

-- Harnesses: `parent_id` is a column so the chain lookup can follow it in SQL.
CREATE TABLE harnesses (
  id         text PRIMARY KEY,
  parent_id  text,
  body       jsonb NOT NULL
);

CREATE TABLE agents (
  id    text PRIMARY KEY,
  body  jsonb NOT NULL
);

CREATE TABLE sessions (
  id          text PRIMARY KEY,
  created_at  timestamptz NOT NULL,
  body        jsonb NOT NULL
);
-- listSessions pages by (created_at desc, id desc).
CREATE INDEX sessions_created_at_id_idx ON sessions (created_at DESC, id DESC);

-- One row per session with events: the database enforces that every batch
-- starts at last_sequence + 1 by updating this row conditionally.
CREATE TABLE event_heads (
  session_id     text PRIMARY KEY,
  last_sequence  bigint NOT NULL CHECK (last_sequence > 0)
);

-- The event log, the source of truth. The primary key also serves replay
-- (session_id, sequence > cursor ORDER BY sequence).
CREATE TABLE events (
  session_id  text NOT NULL,
  sequence    bigint NOT NULL CHECK (sequence > 0),
  id          text NOT NULL UNIQUE,
  type        text NOT NULL,
  body        jsonb NOT NULL,
  PRIMARY KEY (session_id, sequence)
);

-- Messages derived from events (one at most per event), keyed by the event's sequence.
CREATE TABLE messages (
  session_id   text NOT NULL,
  sequence     bigint NOT NULL,
  id           text NOT NULL,
  search_text  text NOT NULL,
  body         jsonb NOT NULL,
  PRIMARY KEY (session_id, sequence)
);
CREATE INDEX messages_session_id_id_idx ON messages (session_id, id);

-- Lease tokens come from one sequence, so a token is never handed out twice,
-- even after a session's lease row is deleted.
CREATE SEQUENCE lease_tokens AS bigint;

CREATE TABLE session_leases (
  session_id  text PRIMARY KEY,
  token       bigint NOT NULL,
  holder      text NOT NULL,
  expires_at  timestamptz NOT NULL
);

CREATE TABLE models (
  id    text PRIMARY KEY,
  body  jsonb NOT NULL
);

-- A single-row table: the default model.
CREATE TABLE default_model (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  body       jsonb NOT NULL
);

CREATE TABLE session_values (
  session_id  text NOT NULL,
  key         text NOT NULL,
  value       jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (session_id, key)
);

CREATE TABLE session_secrets (
  session_id  text NOT NULL,
  name        text NOT NULL,
  value       text NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (session_id, name)
);

CREATE TABLE memories (
  id          text PRIMARY KEY,
  scope       text NOT NULL,
  content     text NOT NULL,
  kind        text NOT NULL,
  importance  integer NOT NULL CHECK (importance BETWEEN 1 AND 10),
  tags        text[] NOT NULL,
  created_at  timestamptz NOT NULL,
  body        jsonb NOT NULL
);
-- recall orders by importance desc, newest first within a scope.
CREATE INDEX memories_scope_rank_idx ON memories (scope, importance DESC, created_at DESC, id DESC);
CREATE INDEX memories_tags_idx ON memories USING gin (tags);
