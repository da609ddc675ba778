-- Jeton schema, version 3: what the purge job and the bounded revocation view need (SPEC 4, 7).
-- Runs unchanged on H2 2.x and PostgreSQL 12+. Realm first in every new index: the purge job
-- deletes realm by realm in small batches, each batch found through one of these indexes.

-- The longest accessTokenTtl the realm has ever been stored with: a session revocation entry must
-- outlive every access token the session issued, also those signed before a re-import shortened
-- the TTL (review H5). Existing realms start from their current TTL.
ALTER TABLE realm ADD COLUMN longest_access_ttl_ms BIGINT DEFAULT 0 NOT NULL;
UPDATE realm SET longest_access_ttl_ms = access_ttl_ms;

CREATE INDEX ix_session_realm_expires ON session (realm, expires_at);
CREATE INDEX ix_session_realm_revoked ON session (realm, revoked_at);
CREATE INDEX ix_refresh_token_realm_expires ON refresh_token (realm, expires_at);

DROP INDEX ix_revocation_expires;
CREATE INDEX ix_revocation_realm_expires ON revocation (realm, expires_at);

-- Failed logins name who was tried and from where (review H2); empty when not applicable.
ALTER TABLE audit_event ADD COLUMN username VARCHAR(255) DEFAULT '' NOT NULL;
ALTER TABLE audit_event ADD COLUMN address VARCHAR(255) DEFAULT '' NOT NULL;
