-- bench/scale.sh: seeds a Keygate PostgreSQL database with :apps API apps in one transaction, written as Keygate
-- itself writes them (PgInstanceStore, PgProjectStore, PgAppCreates): psql -v apps=N -v inst=... -f scale-seed.sql
--
-- What it adds, beside the measured tenant (instance :inst, organization :org, owner :actor, project :proj that holds
-- :have apps at sequence :pseq):
--   * apps/10000 - 1 instances, each with its first organization, a machine owner (IAM_OWNER, ORG_OWNER) and the
--     owner's PAT, a generated primary domain, sequence 2 and the five events of an instance created with an owner;
--   * apps/100 - 1 projects spread round-robin over those instances, sequence 1 + their apps, event project.added;
--   * the measured project is filled up to apps/100 apps (at least :min_project), the other apps go round-robin to
--     the other projects (about 100 each); every app is BASIC with a secret hash of Keygate's form (43 characters of
--     unpadded base64), a project.application.added event with its project's next sequence, by the instance's owner;
--   * the counters Keygate keeps for these listings: instances, organizations, users/<org>, pats/<user>,
--     projects/<org>, apps/<project>.
-- Ids are Keygate's (Sonyflake, 18 decimal digits) with timestamps of 2024, so they can never meet the ids the running
-- gateway issues (now); created_at is the instant an id encodes. Apps of all projects are interleaved in id order,
-- as a store filled over time would hold them on disk. The measured project's seeded apps are older (by their ids and
-- dates) than those the gateway created in it before, though their sequences follow: nothing reads it that way.
-- Droplit's issued_ids are not touched (API apps' client ids are not recorded there).
--
-- api_apps and events are loaded without their indexes and constraints (kept as pg_get_indexdef and
-- pg_get_constraintdef wrote them, recreated in the same transaction): a sorted build is several times faster than
-- maintaining six indexes row by row.
\set ON_ERROR_STOP on
SET maintenance_work_mem = '1GB';
SET work_mem = '256MB';
BEGIN;

-- the plan: sizes, the id space, the measured project's share
CREATE TEMP TABLE seed_plan ON COMMIT DROP AS
SELECT i_syn, p_syn, a_syn, m_add, a_syn + m_add AS n,
       CASE WHEN m_add > 0 THEN (a_syn + m_add) / m_add ELSE a_syn + m_add + 1 END AS stride
FROM (SELECT greatest(:apps / 10000 - 1, 1) AS i_syn, greatest(:apps / 100 - 1, 1) AS p_syn,
             :apps - greatest(:apps / 100, :min_project) AS a_syn,
             greatest(greatest(:apps / 100, :min_project) - :have, 0) AS m_add) s;
SELECT * FROM seed_plan;

-- an id of the seeded space: the k-th Sonyflake id from 2024-01-01 on (node 4242), and the instant it encodes
CREATE FUNCTION pg_temp.seed_id(k bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT ((1708 * 8640000::bigint * 256 + k) * 65536 + 4242)::text $$;
CREATE FUNCTION pg_temp.seed_at(k bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
  SELECT timestamptz '2019-04-29 00:00:00+00' + ((1708 * 8640000::bigint * 256 + k) / 256) * interval '10 ms' $$;
CREATE FUNCTION pg_temp.seed_hash(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT rtrim(encode(sha256(convert_to(t, 'UTF8')), 'base64'), '=') $$;

-- instances i: ids k = 4i (instance), 4i+1 (organization), 4i+2 (owner), 4i+3 (PAT)
INSERT INTO instances (id, name, first_org_id, created_at, changed_at, sequence)
SELECT pg_temp.seed_id(4 * i), 'seed-' || i, pg_temp.seed_id(4 * i + 1), pg_temp.seed_at(4 * i),
       pg_temp.seed_at(4 * i), 2
FROM seed_plan, generate_series(0, i_syn - 1) i;
INSERT INTO instance_domains (name, instance_id, position, generated, is_primary)
SELECT 'seed-' || i || '-' || substr(md5(i::text), 1, 6) || '.' || :'ext', pg_temp.seed_id(4 * i), 0, true, true
FROM seed_plan, generate_series(0, i_syn - 1) i;
INSERT INTO organizations (instance_id, id, name, created_at, changed_at, sequence)
SELECT pg_temp.seed_id(4 * i), pg_temp.seed_id(4 * i + 1), 'seed-' || i, pg_temp.seed_at(4 * i),
       pg_temp.seed_at(4 * i), 1
FROM seed_plan, generate_series(0, i_syn - 1) i;
INSERT INTO users (instance_id, org_id, id, kind, user_name, display_name, access_token_type, email_verified, roles,
                   created_at, changed_at, sequence)
SELECT pg_temp.seed_id(4 * i), pg_temp.seed_id(4 * i + 1), pg_temp.seed_id(4 * i + 2), 'MACHINE', 'admin', 'Admin',
       'ACCESS_TOKEN_TYPE_BEARER', false, '{IAM_OWNER,ORG_OWNER}', pg_temp.seed_at(4 * i), pg_temp.seed_at(4 * i), 2
FROM seed_plan, generate_series(0, i_syn - 1) i;
INSERT INTO personal_access_tokens (token_hash, instance_id, user_id, id, expires_at, created_at)
SELECT pg_temp.seed_hash('seed-pat-' || i), pg_temp.seed_id(4 * i), pg_temp.seed_id(4 * i + 2),
       pg_temp.seed_id(4 * i + 3), timestamptz '9999-12-31 23:59:59+00', pg_temp.seed_at(4 * i)
FROM seed_plan, generate_series(0, i_syn - 1) i;
INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id)
SELECT pg_temp.seed_id(4 * i), pg_temp.seed_id(4 * i + e.o), e.seq, e.agg, e.type, pg_temp.seed_at(4 * i), 'SYSTEM'
FROM seed_plan, generate_series(0, i_syn - 1) i,
     (VALUES (0, 1, 'instance', 'instance.added'), (1, 1, 'org', 'org.added'),
             (2, 1, 'user', 'user.machine.added'), (0, 2, 'instance', 'instance.member.added'),
             (2, 2, 'user', 'user.pat.added')) e(o, seq, agg, type);

-- projects j: ids k = 4 * i_syn + j, of instance j mod i_syn; their app counts follow from the round-robin
INSERT INTO projects (instance_id, org_id, id, name, project_role_assertion, project_role_check, has_project_check,
                      created_at, changed_at, sequence)
SELECT pg_temp.seed_id(4 * (j % i_syn)), pg_temp.seed_id(4 * (j % i_syn) + 1), pg_temp.seed_id(4 * i_syn + j),
       'project-' || j, false, false, false, pg_temp.seed_at(4 * i_syn + j), pg_temp.seed_at(4 * i_syn + j),
       1 + a_syn / p_syn + CASE WHEN j < a_syn % p_syn THEN 1 ELSE 0 END
FROM seed_plan, generate_series(0, p_syn - 1) j;
INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id)
SELECT pg_temp.seed_id(4 * (j % i_syn)), pg_temp.seed_id(4 * i_syn + j), 1, 'project', 'project.added',
       pg_temp.seed_at(4 * i_syn + j), pg_temp.seed_id(4 * (j % i_syn) + 2)
FROM seed_plan, generate_series(0, p_syn - 1) j;

-- apps a: ids k = 4 * i_syn + p_syn + 2a (app) and + 1 (client id); every stride-th is the measured project's (its
-- m-th), the others are the b-th of the round-robin over the seeded projects
CREATE TEMP VIEW seed_apps AS
SELECT a, measured, m, b,
       CASE WHEN measured THEN :'inst' ELSE pg_temp.seed_id(4 * (b % p_syn % i_syn)) END AS instance_id,
       CASE WHEN measured THEN :'org' ELSE pg_temp.seed_id(4 * (b % p_syn % i_syn) + 1) END AS org_id,
       CASE WHEN measured THEN :'proj' ELSE pg_temp.seed_id(4 * i_syn + b % p_syn) END AS project_id,
       CASE WHEN measured THEN :'actor' ELSE pg_temp.seed_id(4 * (b % p_syn % i_syn) + 2) END AS actor_id,
       CASE WHEN measured THEN :pseq + 1 + m ELSE 2 + b / p_syn END AS sequence,
       CASE WHEN measured THEN 'seed-' || m ELSE 'app-' || b END AS name,
       pg_temp.seed_id(4 * i_syn + p_syn + 2 * a) AS id, pg_temp.seed_id(4 * i_syn + p_syn + 2 * a + 1) AS client_id,
       pg_temp.seed_at(4 * i_syn + p_syn + 2 * a) AS created_at
FROM (SELECT a, p_syn, i_syn, measured, a / stride AS m,
             a - least(m_add, (a + 1) / stride) AS b
      FROM seed_plan, generate_series(0, n - 1) a,
           LATERAL (SELECT m_add > 0 AND a % stride = stride - 1 AND a / stride < m_add AS measured) x) s;

-- api_apps and events without their indexes and constraints (those referencing api_apps included) while loading
CREATE TEMP TABLE seed_ddl ON COMMIT DROP AS
SELECT CASE contype WHEN 'f' THEN 1 ELSE 2 END AS drop_step, format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname) AS drop_sql,
       format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS create_sql,
       CASE contype WHEN 'f' THEN 3 ELSE 2 END AS create_step
FROM pg_constraint
WHERE contype IN ('p', 'u', 'f') AND (conrelid IN ('api_apps'::regclass, 'events'::regclass)
      OR confrelid = 'api_apps'::regclass)
UNION ALL
SELECT 3, format('DROP INDEX %s', indexrelid::regclass), pg_get_indexdef(indexrelid), 1
FROM pg_index
WHERE indrelid IN ('api_apps'::regclass, 'events'::regclass)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = indexrelid AND c.conrelid = indrelid);
SELECT create_sql FROM seed_ddl ORDER BY create_step, create_sql;
SELECT drop_sql FROM seed_ddl ORDER BY drop_step, drop_sql \gexec

INSERT INTO api_apps (instance_id, org_id, project_id, id, name, client_id, auth_method, secret_hash, created_at,
                      changed_at, sequence)
SELECT instance_id, org_id, project_id, id, name, client_id, 'BASIC', pg_temp.seed_hash('seed-secret-' || a),
       created_at, created_at, sequence
FROM seed_apps;
INSERT INTO events (instance_id, aggregate_id, sequence, aggregate_type, type, created_at, actor_id)
SELECT instance_id, project_id, sequence, 'project', 'project.application.added', created_at, actor_id
FROM seed_apps;

SELECT create_sql FROM seed_ddl ORDER BY create_step, create_sql \gexec

-- projects changed when their last app was added; the measured project's sequence moves past its seeded apps
UPDATE projects p SET changed_at = greatest(p.changed_at, x.last)
FROM (SELECT instance_id, project_id, max(created_at) AS last FROM api_apps GROUP BY 1, 2) x
WHERE p.instance_id = x.instance_id AND p.id = x.project_id;
UPDATE projects SET sequence = sequence + (SELECT m_add FROM seed_plan) WHERE instance_id = :'inst' AND id = :'proj';

-- the listing totals, as Keygate keeps them
INSERT INTO counters (instance_id, scope, n)
SELECT '', 'instances', i_syn FROM seed_plan
ON CONFLICT (instance_id, scope) DO UPDATE SET n = counters.n + excluded.n;
INSERT INTO counters (instance_id, scope, n)
SELECT pg_temp.seed_id(4 * i), 'organizations', 1 FROM seed_plan, generate_series(0, i_syn - 1) i
UNION ALL
SELECT pg_temp.seed_id(4 * i), 'users/' || pg_temp.seed_id(4 * i + 1), 1 FROM seed_plan, generate_series(0, i_syn - 1) i
UNION ALL
SELECT pg_temp.seed_id(4 * i), 'pats/' || pg_temp.seed_id(4 * i + 2), 1 FROM seed_plan, generate_series(0, i_syn - 1) i
UNION ALL
SELECT pg_temp.seed_id(4 * i), 'projects/' || pg_temp.seed_id(4 * i + 1),
       p_syn / i_syn + CASE WHEN i < p_syn % i_syn THEN 1 ELSE 0 END
FROM seed_plan, generate_series(0, i_syn - 1) i
UNION ALL
SELECT pg_temp.seed_id(4 * (j % i_syn)), 'apps/' || pg_temp.seed_id(4 * i_syn + j),
       a_syn / p_syn + CASE WHEN j < a_syn % p_syn THEN 1 ELSE 0 END
FROM seed_plan, generate_series(0, p_syn - 1) j
WHERE a_syn / p_syn + CASE WHEN j < a_syn % p_syn THEN 1 ELSE 0 END > 0;
UPDATE counters SET n = n + (SELECT m_add FROM seed_plan) WHERE instance_id = :'inst' AND scope = 'apps/' || :'proj';

DROP VIEW seed_apps;
COMMIT;
