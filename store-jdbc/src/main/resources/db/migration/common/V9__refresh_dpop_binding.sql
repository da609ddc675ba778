-- Jeton schema, version 9: a public client's refresh token bound to its DPoP key (RFC 9449
-- section 5, SPEC 8): the RFC 7638 SHA-256 thumbprint (base64url, 43 characters) of the key, or
-- NULL for a token bound to none. Runs unchanged on H2 2.x and PostgreSQL 12+.
ALTER TABLE refresh_token ADD COLUMN dpop_jkt VARCHAR(43);
