-- Rotation with overlap: a machine user, API app or Oracle application ID may keep its previous secret (its keyed hash) working until
-- previous_secret_expires_at; at most one previous secret each. secret_created_at is when the current secret was set
-- (NULL for rows written before this migration and for secrets set at creation: the row's created_at).
-- Last use: one row per credential that was used, keyed by the credential's id (a PAT's, key's or client token's id,
-- an application key's id, or a secret's keyed hash), written in batches at most once a minute per credential.

ALTER TABLE users
  ADD COLUMN secret_created_at          timestamptz,
  ADD COLUMN previous_secret_hash       text,
  ADD COLUMN previous_secret_created_at timestamptz,
  ADD COLUMN previous_secret_expires_at timestamptz;
-- the previous secret authenticates too, so it is looked up by its hash as the current one is
CREATE UNIQUE INDEX users_previous_secret_hash ON users (previous_secret_hash) WHERE previous_secret_hash IS NOT NULL;

ALTER TABLE api_apps
  ADD COLUMN secret_created_at          timestamptz,
  ADD COLUMN previous_secret_hash       text,
  ADD COLUMN previous_secret_created_at timestamptz,
  ADD COLUMN previous_secret_expires_at timestamptz;

-- an Oracle application key a genAuthToken with overlap keeps working (only its id, as for the current key)
ALTER TABLE commerce_applications
  ADD COLUMN previous_key_id         text,
  ADD COLUMN previous_key_expires_at timestamptz;

-- Droplit client tokens may carry an expiry (Keygate's addition; NULL: never, as Droplit's own)
ALTER TABLE client_tokens ADD COLUMN expires_at timestamptz;

CREATE TABLE credential_last_use (
  credential_id text COLLATE "C" PRIMARY KEY,
  instance_id   text COLLATE "C" NOT NULL REFERENCES instances ON DELETE CASCADE,
  last_used_at  timestamptz NOT NULL
);
CREATE INDEX credential_last_use_instance ON credential_last_use (instance_id);
