-- Jeton schema, version 11: the realm's access-token typ header (SPEC 1, issue 12). Runs unchanged
-- on H2 2.x and PostgreSQL 12+. 'at+jwt' (RFC 9068 section 2.1, the default and what every
-- existing realm has sent so far) or 'JWT' (for resource servers that accept nothing else).
ALTER TABLE realm ADD COLUMN access_token_typ VARCHAR(16) DEFAULT 'at+jwt' NOT NULL;
