-- Jeton schema, version 5: the user lockout (SPEC 7, review H2). Runs unchanged on H2 2.x and
-- PostgreSQL 12+. One row per realm and username with failed or running password checks; the row
-- is locked (SELECT ... FOR UPDATE) for each step, so parallel guesses are admitted one by one on
-- any number of nodes (see core's LockoutState). Rows are deleted on success, by bin/jeton user
-- unlock, and by the purge job once forget_at has passed.
CREATE TABLE user_lockout (
  realm               VARCHAR(64)   NOT NULL,
  username            VARCHAR(255)  NOT NULL,
  failures            INT           NOT NULL,
  pending             INT           NOT NULL,
  pending_since       BIGINT        NOT NULL,
  locks               INT           NOT NULL,
  locked_until        BIGINT,
  forget_at           BIGINT        NOT NULL,
  CONSTRAINT pk_user_lockout PRIMARY KEY (realm, username)
);

-- The purge job finds forgotten rows realm first, as everywhere.
CREATE INDEX ix_user_lockout_forget ON user_lockout (realm, forget_at);

-- The realm's lockout policy (SPEC 7 defaults).
ALTER TABLE realm ADD COLUMN lockout_max_failures INT DEFAULT 5 NOT NULL;
ALTER TABLE realm ADD COLUMN lockout_lock_ms BIGINT DEFAULT 60000 NOT NULL;
ALTER TABLE realm ADD COLUMN lockout_max_lock_ms BIGINT DEFAULT 900000 NOT NULL;
ALTER TABLE realm ADD COLUMN lockout_client_max_failures INT DEFAULT 20 NOT NULL;

-- A client's own rate limit on the token endpoints, requests per second; 0 = none.
ALTER TABLE client ADD COLUMN rate_limit INT DEFAULT 0 NOT NULL;
