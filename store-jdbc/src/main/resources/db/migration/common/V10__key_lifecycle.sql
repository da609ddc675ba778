-- Jeton schema, version 10: the signing-key lifecycle (SPEC 10, issue 8 point 3). Runs unchanged on
-- H2 2.x and PostgreSQL 12+. A key is published from created_at, signs from activates_at (created_at
-- plus the realm's keyPublishSeconds), stops signing at retired_at (its successor's activation) and
-- is deleted by the purge job after delete_after (retired_at plus the realm's longest access-token
-- lifetime ever plus 60 s: its last token has expired by then).

-- Existing keys signed from their creation.
ALTER TABLE signing_key ADD COLUMN activates_at BIGINT;
UPDATE signing_key SET activates_at = created_at;
ALTER TABLE signing_key ALTER COLUMN activates_at SET NOT NULL;

-- Existing retired keys: their retirement plus the realm's longest access TTL (default one hour) plus 60 s.
ALTER TABLE signing_key ADD COLUMN delete_after BIGINT;
UPDATE signing_key SET delete_after = retired_at + COALESCE((SELECT r.longest_access_ttl_ms FROM realm r
  WHERE r.name = signing_key.realm), 3600000) + 60000 WHERE retired_at IS NOT NULL;

-- Each node reads the lifecycle of every key (no key material) to find the realms whose keys
-- changed; this index covers that read, realm first as everywhere.
CREATE INDEX ix_signing_key_schedule ON signing_key (realm, created_at, kid, algorithm, activates_at, retired_at,
  delete_after);

-- The realm's key rotation (SPEC 10 defaults: keyRotationDays 30, 0 = off; keyPublishSeconds 600).
ALTER TABLE realm ADD COLUMN key_rotation_ms BIGINT DEFAULT 2592000000 NOT NULL;
ALTER TABLE realm ADD COLUMN key_publish_ms BIGINT DEFAULT 600000 NOT NULL;
