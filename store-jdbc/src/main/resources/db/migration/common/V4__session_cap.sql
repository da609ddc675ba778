-- Jeton schema, version 4: the per-realm session cap (SPEC 7, maxSessionsPerUser). Runs unchanged
-- on H2 2.x and PostgreSQL 12+.

-- How many live sessions one user may hold in the realm; 0 = no cap.
ALTER TABLE realm ADD COLUMN max_sessions_per_user INT DEFAULT 0 NOT NULL;

-- A capped login reads the user's live sessions (realm first, as everywhere).
CREATE INDEX ix_session_user ON session (realm, user_id, created_at, id);
