-- Jeton schema, version 7: TLS client authentication (SPEC 8, RFC 8705): the PEM of a client's
-- self-signed certificate (self_signed_tls_client_auth), the authentication methods it may use
-- (wire names, sorted; empty: the defaults its credentials allow), and whether its access tokens
-- are bound to the certificate it presents. Runs unchanged on H2 2.x and PostgreSQL 12+.
ALTER TABLE client ADD COLUMN certificate VARCHAR(16384);
ALTER TABLE client ADD COLUMN auth_methods VARCHAR(512) DEFAULT '' NOT NULL;
ALTER TABLE client ADD COLUMN certificate_bound_tokens BOOLEAN DEFAULT FALSE NOT NULL;
