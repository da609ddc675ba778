-- Jeton schema, version 13 (issue 9, SPEC 9): browser sign-in. Runs unchanged on H2 2.x and
-- PostgreSQL 12+. Cookies and codes are stored as SHA-256 hashes only (base64url, 43 characters);
-- client columns are ListCodec text like the other list columns.
ALTER TABLE client ADD COLUMN redirect_uris VARCHAR(65536) DEFAULT '' NOT NULL;
ALTER TABLE client ADD COLUMN post_logout_redirect_uris VARCHAR(65536) DEFAULT '' NOT NULL;

-- One sign-in at a realm's login page, keyed by the hash of its jeton_session cookie.
CREATE TABLE browser_session (
  realm               VARCHAR(64)   NOT NULL,
  hash                VARCHAR(64)   NOT NULL,
  user_id             VARCHAR(64)   NOT NULL,
  auth_service        VARCHAR(255)  NOT NULL,
  created_at          BIGINT        NOT NULL,
  expires_at          BIGINT        NOT NULL,
  idle_expires_at     BIGINT        NOT NULL,
  ended_at            BIGINT,
  CONSTRAINT pk_browser_session PRIMARY KEY (realm, hash)
);
CREATE INDEX ix_browser_session_expiry ON browser_session (realm, expires_at);
CREATE INDEX ix_browser_session_idle ON browser_session (realm, idle_expires_at);

-- The Jeton sessions issued from a browser session (codes redeemed, Amino exchanges): logout
-- revokes them; purged with their browser session.
CREATE TABLE browser_session_link (
  realm               VARCHAR(64)   NOT NULL,
  browser_hash        VARCHAR(64)   NOT NULL,
  session_id          VARCHAR(64)   NOT NULL,
  linked_at           BIGINT        NOT NULL,
  CONSTRAINT pk_browser_session_link PRIMARY KEY (realm, browser_hash, session_id)
);

-- One row per authorization code (one use, 60 s); used_at set once by a compare-and-set, the
-- session its first use issued in session_id, a later use in replayed_at.
CREATE TABLE authorization_code (
  realm               VARCHAR(64)   NOT NULL,
  hash                VARCHAR(64)   NOT NULL,
  client_id           VARCHAR(128)  NOT NULL,
  redirect_uri        VARCHAR(2048) NOT NULL,
  code_challenge      VARCHAR(64)   NOT NULL,
  scope               VARCHAR(65536) NOT NULL,
  resources           VARCHAR(65536) NOT NULL,
  user_id             VARCHAR(64)   NOT NULL,
  auth_service        VARCHAR(255)  NOT NULL,
  browser_hash        VARCHAR(64)   NOT NULL,
  expires_at          BIGINT        NOT NULL,
  used_at             BIGINT,
  replayed_at         BIGINT,
  session_id          VARCHAR(64),
  CONSTRAINT pk_authorization_code PRIMARY KEY (realm, hash)
);
CREATE INDEX ix_authorization_code_expiry ON authorization_code (realm, expires_at);
