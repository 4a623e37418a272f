-- Keygate's first schema. Every tenant-owned table carries instance_id in its key, so a query can never reach another
-- tenant's rows by id alone. Ids are decimal or hex strings in the "C" collation; listings order by (length(id), id),
-- which for decimal ids is their numeric order, and every listing has an index that serves exactly that order.

CREATE TABLE server_keys (
  name  text PRIMARY KEY,
  value bytea NOT NULL
);

CREATE TABLE instances (
  id           text COLLATE "C" PRIMARY KEY,
  name         text NOT NULL,
  first_org_id text COLLATE "C" NOT NULL,
  created_at   timestamptz NOT NULL,
  changed_at   timestamptz NOT NULL,
  sequence     bigint NOT NULL
);
CREATE INDEX instances_keyset ON instances ((length(id)), id);

CREATE TABLE instance_domains (
  name        text PRIMARY KEY,
  instance_id text COLLATE "C" NOT NULL REFERENCES instances ON DELETE CASCADE,
  position    smallint NOT NULL,
  generated   boolean NOT NULL,
  is_primary  boolean NOT NULL
);
CREATE INDEX instance_domains_instance ON instance_domains (instance_id);

CREATE TABLE organizations (
  instance_id text COLLATE "C" NOT NULL REFERENCES instances ON DELETE CASCADE,
  id          text COLLATE "C" NOT NULL,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL,
  sequence    bigint NOT NULL,
  PRIMARY KEY (instance_id, id)
);

CREATE TABLE users (
  instance_id        text COLLATE "C" NOT NULL,
  org_id             text COLLATE "C" NOT NULL,
  id                 text COLLATE "C" NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('HUMAN', 'MACHINE')),
  user_name          text NOT NULL,
  display_name       text,
  description        text,
  access_token_type  text,
  email              text,
  email_verified     boolean NOT NULL,
  first_name         text,
  last_name          text,
  preferred_language text,
  password_hash      text,
  secret_hash        text,
  roles              text[] NOT NULL,
  created_at         timestamptz NOT NULL,
  changed_at         timestamptz NOT NULL,
  sequence           bigint NOT NULL,
  PRIMARY KEY (instance_id, id),
  CONSTRAINT users_user_name_unique UNIQUE (instance_id, user_name),
  FOREIGN KEY (instance_id, org_id) REFERENCES organizations ON DELETE CASCADE
);
CREATE INDEX users_org ON users (instance_id, org_id);

CREATE TABLE personal_access_tokens (
  token_hash  text PRIMARY KEY,
  instance_id text COLLATE "C" NOT NULL,
  user_id     text COLLATE "C" NOT NULL,
  id          text COLLATE "C" NOT NULL,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL,
  FOREIGN KEY (instance_id, user_id) REFERENCES users ON DELETE CASCADE
);
CREATE INDEX personal_access_tokens_user ON personal_access_tokens (instance_id, user_id);

CREATE TABLE machine_keys (
  instance_id    text COLLATE "C" NOT NULL,
  user_id        text COLLATE "C" NOT NULL,
  id             text COLLATE "C" NOT NULL,
  type           text NOT NULL,
  public_key_pem text NOT NULL,
  expires_at     timestamptz NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (instance_id, id),
  FOREIGN KEY (instance_id, user_id) REFERENCES users ON DELETE CASCADE
);
CREATE INDEX machine_keys_user ON machine_keys (instance_id, user_id, created_at);

CREATE TABLE projects (
  instance_id            text COLLATE "C" NOT NULL,
  org_id                 text COLLATE "C" NOT NULL,
  id                     text COLLATE "C" NOT NULL,
  name                   text NOT NULL,
  project_role_assertion boolean NOT NULL,
  project_role_check     boolean NOT NULL,
  has_project_check      boolean NOT NULL,
  created_at             timestamptz NOT NULL,
  changed_at             timestamptz NOT NULL,
  sequence               bigint NOT NULL,
  PRIMARY KEY (instance_id, id),
  FOREIGN KEY (instance_id, org_id) REFERENCES organizations ON DELETE CASCADE
);
CREATE INDEX projects_keyset ON projects (instance_id, org_id, (length(id)), id);

-- API apps are children of the project aggregate: their changes advance projects.sequence.
CREATE TABLE api_apps (
  instance_id text COLLATE "C" NOT NULL,
  org_id      text COLLATE "C" NOT NULL,
  project_id  text COLLATE "C" NOT NULL,
  id          text COLLATE "C" NOT NULL,
  name        text NOT NULL,
  client_id   text NOT NULL,
  auth_method text NOT NULL CHECK (auth_method IN ('BASIC', 'PRIVATE_KEY_JWT')),
  secret_hash text,
  created_at  timestamptz NOT NULL,
  changed_at  timestamptz NOT NULL,
  sequence    bigint NOT NULL,
  PRIMARY KEY (instance_id, project_id, id),
  CONSTRAINT api_apps_name_unique UNIQUE (instance_id, project_id, name),
  FOREIGN KEY (instance_id, project_id) REFERENCES projects ON DELETE CASCADE
);
CREATE INDEX api_apps_keyset ON api_apps (instance_id, project_id, (length(id)), id);
-- credentials are presented by client id (OAuth introspection)
CREATE INDEX api_apps_client_id ON api_apps (client_id);

-- Ecosystem and client ids are unique across instances, and a surface must be able to tell "another tenant's" and
-- "once existed" from "never existed" even after an instance is gone: so who was issued an id is kept apart, with no
-- foreign key that would let it be cascaded away.
CREATE TABLE issued_ids (
  kind        text NOT NULL CHECK (kind IN ('ECOSYSTEM', 'CLIENT')),
  id          text COLLATE "C" NOT NULL,
  instance_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (kind, id)
);

-- removed_at set = tombstone: the row stays so the surface can answer "Not Found" rather than "Invalid".
CREATE TABLE ecosystems (
  id          text COLLATE "C" PRIMARY KEY,
  instance_id text COLLATE "C" NOT NULL REFERENCES instances ON DELETE CASCADE,
  meta_json   text NOT NULL,
  domain      text,
  created_at  timestamptz NOT NULL,
  changed_at  timestamptz NOT NULL,
  removed_at  timestamptz,
  sequence    bigint NOT NULL
);
CREATE INDEX ecosystems_keyset ON ecosystems (instance_id, (length(id)), id) WHERE removed_at IS NULL;

CREATE TABLE clients (
  id           text COLLATE "C" PRIMARY KEY,
  instance_id  text COLLATE "C" NOT NULL REFERENCES instances ON DELETE CASCADE,
  ecosystem_id text COLLATE "C" NOT NULL REFERENCES ecosystems ON DELETE CASCADE,
  type         text NOT NULL,
  name         text,
  description  text,
  created_at   timestamptz NOT NULL,
  changed_at   timestamptz NOT NULL,
  removed_at   timestamptz,
  sequence     bigint NOT NULL
);
CREATE INDEX clients_keyset ON clients (ecosystem_id, (length(id)), id) WHERE removed_at IS NULL;

CREATE TABLE client_tokens (
  token_hash  text PRIMARY KEY,
  instance_id text COLLATE "C" NOT NULL,
  client_id   text COLLATE "C" NOT NULL REFERENCES clients ON DELETE CASCADE,
  id          text COLLATE "C" NOT NULL,
  description text,
  created_at  timestamptz NOT NULL,
  position    bigserial
);
CREATE INDEX client_tokens_client ON client_tokens (client_id, position);

-- One row per change of an aggregate; the key makes a lost or repeated sequence number impossible.
CREATE TABLE events (
  instance_id    text COLLATE "C" NOT NULL REFERENCES instances ON DELETE CASCADE,
  aggregate_id   text COLLATE "C" NOT NULL,
  sequence       bigint NOT NULL CHECK (sequence > 0),
  aggregate_type text NOT NULL,
  type           text NOT NULL,
  created_at     timestamptz NOT NULL,
  actor_id       text,
  PRIMARY KEY (instance_id, aggregate_id, sequence)
);

-- Listing totals, kept in the transaction of each create and remove, so a page never has to count its listing.
-- instance_id '' holds the instance count itself.
CREATE TABLE counters (
  instance_id text COLLATE "C" NOT NULL,
  scope       text COLLATE "C" NOT NULL,
  n           bigint NOT NULL CHECK (n >= 0),
  PRIMARY KEY (instance_id, scope)
);
