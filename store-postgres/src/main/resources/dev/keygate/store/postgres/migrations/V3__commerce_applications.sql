-- Oracle Commerce application IDs: one aggregate each, owned by an organization. Only the id of an application key
-- is kept (key_id); its JWT is shown once. Listing pages by id within the organization, optionally by type.

CREATE TABLE commerce_applications (
  id                    text COLLATE "C" PRIMARY KEY,
  instance_id           text COLLATE "C" NOT NULL,
  org_id                text COLLATE "C" NOT NULL,
  name                  text NOT NULL,
  type                  text NOT NULL CHECK (type IN ('application', 'extension')),
  lifetime_days         integer,
  key_id                text,
  key_expires_at        timestamptz,
  created_by_id         text,
  created_by_first_name text,
  created_by_last_name  text,
  created_at            timestamptz NOT NULL,
  changed_at            timestamptz NOT NULL,
  sequence              bigint NOT NULL,
  FOREIGN KEY (instance_id, org_id) REFERENCES organizations ON DELETE CASCADE
);
CREATE INDEX commerce_applications_keyset ON commerce_applications (instance_id, org_id, (length(id)), id);
CREATE INDEX commerce_applications_type_keyset ON commerce_applications (instance_id, org_id, type, (length(id)), id);
