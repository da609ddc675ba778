-- Jeton schema, version 6: one-use identifiers (SPEC 7 and 8): the jti of each private_key_jwt
-- client assertion and each DPoP proof, accepted once across all nodes until it expires. Runs
-- unchanged on H2 2.x and PostgreSQL 12+. The purge job deletes expired rows.
CREATE TABLE replay (
  realm               VARCHAR(64)   NOT NULL,
  kind                VARCHAR(32)   NOT NULL,
  jti                 VARCHAR(255)  NOT NULL,
  expires_at          BIGINT        NOT NULL,
  CONSTRAINT pk_replay PRIMARY KEY (realm, kind, jti)
);

CREATE INDEX ix_replay_expiry ON replay (realm, expires_at);
