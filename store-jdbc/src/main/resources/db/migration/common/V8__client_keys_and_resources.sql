-- Jeton schema, version 8 (issue 7): a client's registered public JWK Set for private_key_jwt
-- (RFC 7523), the resource indicators it may ask for (RFC 8707), and the resources a session was
-- granted, so that a refresh may narrow its audience but never widen it. Runs unchanged on H2 2.x
-- and PostgreSQL 12+; lists are ListCodec text like the other list columns.
ALTER TABLE client ADD COLUMN jwks VARCHAR(65536);
ALTER TABLE client ADD COLUMN resources VARCHAR(65536) DEFAULT '' NOT NULL;
ALTER TABLE session ADD COLUMN resources VARCHAR(65536) DEFAULT '' NOT NULL;
