/**
 * The schema, as an ordered list of versioned migrations. Never edit a released migration: append a
 * new one. `applyMigrations` runs the ones a database has not seen yet, each in its own transaction,
 * and records progress in `PRAGMA user_version`.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE inbox (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  severity TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  group_key TEXT NOT NULL,
  labels TEXT NOT NULL,
  annotations TEXT NOT NULL,
  summary TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  raw TEXT NOT NULL,
  processed INTEGER NOT NULL DEFAULT 0,
  incident_id TEXT
);
CREATE INDEX inbox_unprocessed ON inbox(seq) WHERE processed = 0;

CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  num INTEGER NOT NULL UNIQUE,
  group_key TEXT NOT NULL,
  title TEXT NOT NULL,
  skill TEXT,
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  labels TEXT NOT NULL,
  signal_count INTEGER NOT NULL DEFAULT 0,
  opened_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  resolved_at TEXT
);
CREATE INDEX incidents_group_open ON incidents(group_key) WHERE status <> 'resolved';
CREATE TABLE incident_signals (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  signal_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (incident_id, signal_id)
);
CREATE TABLE incident_alerts (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  fingerprint TEXT NOT NULL,
  status TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (incident_id, fingerprint)
);

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  origin_principal TEXT NOT NULL,
  incident_id TEXT,
  plan TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX runs_incident ON runs(incident_id) WHERE incident_id IS NOT NULL;
CREATE INDEX runs_unfinished ON runs(created_at) WHERE status IN ('active', 'waiting');
CREATE TABLE steps (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id),
  idx INTEGER NOT NULL,
  tool TEXT NOT NULL,
  input TEXT NOT NULL,
  rationale TEXT NOT NULL,
  digest TEXT NOT NULL,
  state TEXT NOT NULL,
  risk TEXT,
  decision TEXT,
  approval_id TEXT,
  preview TEXT,
  result TEXT,
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  started_at TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (run_id, idx)
);
CREATE INDEX steps_started ON steps(started_at) WHERE started_at IS NOT NULL;
CREATE INDEX steps_running ON steps(state) WHERE state = 'running';

CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  digest TEXT NOT NULL,
  requester TEXT NOT NULL,
  requirements TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  decided_at TEXT
);
CREATE INDEX approvals_pending ON approvals(expires_at) WHERE status = 'pending';
CREATE TABLE votes (
  id INTEGER PRIMARY KEY,
  approval_id TEXT NOT NULL REFERENCES approvals(id),
  principal TEXT NOT NULL,
  decision TEXT NOT NULL,
  accepted INTEGER NOT NULL,
  reason TEXT,
  at TEXT NOT NULL
);
CREATE INDEX votes_approval ON votes(approval_id);
CREATE UNIQUE INDEX votes_one_accepted ON votes(approval_id, principal) WHERE accepted = 1;

CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  incident_id TEXT,
  run_id TEXT,
  subject TEXT,
  data TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  signature TEXT NOT NULL
);
CREATE INDEX audit_incident ON audit(incident_id) WHERE incident_id IS NOT NULL;
CREATE INDEX audit_run ON audit(run_id) WHERE run_id IS NOT NULL;
-- An insert must extend the chain: next sequence number, linked to the current head.
CREATE TRIGGER audit_chain_guard BEFORE INSERT ON audit
WHEN NEW.seq IS NOT COALESCE((SELECT MAX(seq) FROM audit), 0) + 1
  OR (NEW.seq > 1 AND NEW.prev_hash IS NOT (SELECT hash FROM audit WHERE seq = NEW.seq - 1))
BEGIN
  SELECT RAISE(ABORT, 'audit chain conflict');
END;

CREATE TABLE memory (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  incident_id TEXT,
  at TEXT NOT NULL
);
CREATE VIRTUAL TABLE memory_fts USING fts5(
  text, content = 'memory', content_rowid = 'n', tokenize = 'porter unicode61'
);
CREATE TRIGGER memory_fts_insert AFTER INSERT ON memory BEGIN
  INSERT INTO memory_fts(rowid, text) VALUES (NEW.n, NEW.text);
END;
CREATE TRIGGER memory_fts_delete AFTER DELETE ON memory BEGIN
  INSERT INTO memory_fts(memory_fts, rowid, text) VALUES ('delete', OLD.n, OLD.text);
END;
CREATE TABLE scratchpad (
  conversation_key TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (conversation_key, key)
);

CREATE TABLE subscriptions (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  platform TEXT NOT NULL,
  channel TEXT NOT NULL,
  thread TEXT,
  filter TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX subscriptions_channel ON subscriptions(platform, channel);

CREATE TABLE message_links (
  n INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  platform TEXT NOT NULL,
  channel TEXT NOT NULL,
  thread TEXT,
  message_id TEXT NOT NULL,
  UNIQUE (key, platform, channel, message_id)
);

CREATE TABLE identities (
  principal_id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL
);

CREATE TABLE sandbox_docs (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE TABLE sandbox_once (
  key TEXT PRIMARY KEY,
  result TEXT,
  at TEXT NOT NULL
);

CREATE TABLE kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'chat outbox and inbound receipts',
    sql: `
CREATE TABLE chat_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  platform TEXT NOT NULL,
  channel TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before TEXT NOT NULL,
  result TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  done_at TEXT
);
CREATE INDEX chat_outbox_pending ON chat_outbox(platform, status, id);

CREATE TABLE chat_inbound_receipts (
  key TEXT PRIMARY KEY,
  at TEXT NOT NULL
);
CREATE INDEX chat_inbound_receipts_at ON chat_inbound_receipts(at);
`,
  },
  {
    version: 3,
    name: 'support tickets, notes and links',
    sql: `
CREATE TABLE tickets (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  external_id TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  priority TEXT NOT NULL,
  reporter TEXT NOT NULL,
  service TEXT,
  url TEXT,
  incident_id TEXT,
  resolution TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (source, external_id)
);
CREATE INDEX tickets_status ON tickets(status, seq);
CREATE INDEX tickets_incident ON tickets(incident_id);
CREATE INDEX tickets_service ON tickets(service, status, created_at);

CREATE TABLE ticket_notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  data TEXT,
  by TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX ticket_notes_ticket ON ticket_notes(ticket_id, id);

CREATE TABLE ticket_links (
  ticket_id TEXT NOT NULL,
  other TEXT NOT NULL,
  kind TEXT NOT NULL,
  by TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (ticket_id, other, kind)
);
`,
  },
  {
    version: 4,
    name: 'audit entries sealed in batches',
    // 1 = written inside a sealed batch: may be unsigned, the batch's last entry signs for it.
    sql: `ALTER TABLE audit ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 5,
    name: 'memory fields and normalised term index for duplicate search',
    // Terms are analysed in TypeScript (src/memory), so the FTS tokenizer only splits on spaces and
    // keeps identifiers such as cve_2020_8840 whole; memory_fts stays for plain text search.
    sql: `
ALTER TABLE memory ADD COLUMN title TEXT;
ALTER TABLE memory ADD COLUMN component TEXT;
ALTER TABLE memory ADD COLUMN created_at TEXT;
CREATE INDEX memory_kind ON memory(kind, n);
CREATE TABLE memory_terms (
  n INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  idents TEXT NOT NULL
);
CREATE VIRTUAL TABLE memory_terms_fts USING fts5(
  title, body, idents, content = 'memory_terms', content_rowid = 'n',
  tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
);
CREATE VIRTUAL TABLE memory_terms_vocab USING fts5vocab(memory_terms_fts, 'row');
CREATE TRIGGER memory_terms_insert AFTER INSERT ON memory_terms BEGIN
  INSERT INTO memory_terms_fts(rowid, title, body, idents) VALUES (NEW.n, NEW.title, NEW.body, NEW.idents);
END;
CREATE TRIGGER memory_terms_delete AFTER DELETE ON memory_terms BEGIN
  INSERT INTO memory_terms_fts(memory_terms_fts, rowid, title, body, idents)
  VALUES ('delete', OLD.n, OLD.title, OLD.body, OLD.idents);
END;
CREATE TRIGGER memory_terms_cleanup AFTER DELETE ON memory BEGIN
  DELETE FROM memory_terms WHERE n = OLD.n;
END;
`,
  },
  {
    version: 6,
    name: 'rollout: autonomy overrides and agent version assignments',
    sql: `
CREATE TABLE autonomy_overrides (
  key TEXT PRIMARY KEY,
  mode TEXT NOT NULL,
  set_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  set_at TEXT NOT NULL
);
CREATE TABLE agent_version_assignments (
  incident_id TEXT PRIMARY KEY,
  version TEXT NOT NULL,
  role TEXT NOT NULL,
  bucket REAL NOT NULL,
  assigned_at TEXT NOT NULL
);
CREATE INDEX agent_version_assignments_version ON agent_version_assignments(version);
`,
  },
  {
    version: 7,
    name: 'totp second factor and persisted rate buckets',
    sql: `
CREATE TABLE totp_enrolments (
  principal TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE totp_spent (
  principal TEXT NOT NULL,
  step INTEGER NOT NULL,
  approval_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (principal, step)
);

CREATE TABLE rate_buckets (
  key TEXT PRIMARY KEY,
  tokens REAL NOT NULL,
  updated_ms INTEGER NOT NULL
);
`,
  },
  {
    version: 8,
    name: 'playbook revisions accepted from retros',
    sql: `
CREATE TABLE playbook_revisions (
  playbook_id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 2),
  base_version INTEGER NOT NULL,
  steps TEXT NOT NULL,
  cause TEXT NOT NULL,
  diff TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  incident_id TEXT,
  proposal_id TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (playbook_id, version)
);
`,
  },
];
