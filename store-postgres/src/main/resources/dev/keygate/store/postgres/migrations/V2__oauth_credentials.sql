-- What OAuth clients present is looked up across instances: a machine user's secret (its keyed hash is unique),
-- a key id, an app's client id. Revoked access tokens are remembered until they expire.

CREATE UNIQUE INDEX users_secret_hash ON users (secret_hash) WHERE secret_hash IS NOT NULL;
CREATE UNIQUE INDEX machine_keys_id ON machine_keys (id);
DROP INDEX api_apps_client_id;
CREATE UNIQUE INDEX api_apps_client_id ON api_apps (client_id);

CREATE TABLE api_app_keys (
  id             text COLLATE "C" PRIMARY KEY,
  instance_id    text COLLATE "C" NOT NULL,
  org_id         text COLLATE "C" NOT NULL,
  project_id     text COLLATE "C" NOT NULL,
  app_id         text COLLATE "C" NOT NULL,
  public_key_pem text NOT NULL,
  expires_at     timestamptz NOT NULL,
  created_at     timestamptz NOT NULL,
  FOREIGN KEY (instance_id, project_id, app_id) REFERENCES api_apps ON DELETE CASCADE
);
CREATE INDEX api_app_keys_app ON api_app_keys (instance_id, project_id, app_id);

CREATE TABLE revoked_tokens (
  token_id    text COLLATE "C" PRIMARY KEY,
  instance_id text COLLATE "C" NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX revoked_tokens_expiry ON revoked_tokens (expires_at);
