-- ZITADEL v2 (issue #22): an instance may hold further organizations, whose names are unique within it; and new
-- listings, each in (length(id), id) order with an index that serves exactly that order and a counter for its total:
-- an instance's organizations, an organization's users and apps, a user's PATs and keys, an app's keys. The indexes
-- the new keyset indexes start with (same leading columns) go, so that a write maintains one index, not two.

ALTER TABLE organizations ADD CONSTRAINT organizations_name_unique UNIQUE (instance_id, name);
CREATE INDEX organizations_keyset ON organizations (instance_id, (length(id)), id);

CREATE INDEX users_keyset ON users (instance_id, org_id, (length(id)), id);
DROP INDEX users_org;

CREATE INDEX api_apps_org_keyset ON api_apps (instance_id, org_id, (length(id)), id);

CREATE INDEX personal_access_tokens_keyset ON personal_access_tokens (instance_id, user_id, (length(id)), id);
DROP INDEX personal_access_tokens_user;

CREATE INDEX machine_keys_keyset ON machine_keys (instance_id, user_id, (length(id)), id);
DROP INDEX machine_keys_user;

CREATE INDEX api_app_keys_keyset ON api_app_keys (instance_id, project_id, app_id, (length(id)), id);
DROP INDEX api_app_keys_app;

-- the totals of the rows there already are (the scopes are CounterScopes'); an organization's apps are counted by
-- its projects' 'apps/' counters, which exist already
INSERT INTO counters (instance_id, scope, n)
SELECT instance_id, 'organizations', count(*) FROM organizations GROUP BY instance_id
UNION ALL
SELECT instance_id, 'users/' || org_id, count(*) FROM users GROUP BY instance_id, org_id
UNION ALL
SELECT instance_id, 'pats/' || user_id, count(*) FROM personal_access_tokens GROUP BY instance_id, user_id
UNION ALL
SELECT instance_id, 'machine-keys/' || user_id, count(*) FROM machine_keys GROUP BY instance_id, user_id
UNION ALL
SELECT instance_id, 'app-keys/' || app_id, count(*) FROM api_app_keys GROUP BY instance_id, app_id;
