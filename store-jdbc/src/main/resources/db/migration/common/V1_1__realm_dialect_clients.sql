-- The client each client-less dialect (AGS, Amino) acts as in a realm (SPEC 3 intro, review CR1):
-- ListCodec pairs (dialect, client id); empty when the realm names none.
ALTER TABLE realm ADD COLUMN dialect_clients VARCHAR(4096) DEFAULT '' NOT NULL;
