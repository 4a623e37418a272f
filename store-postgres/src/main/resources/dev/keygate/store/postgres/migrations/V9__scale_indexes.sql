-- At scale (bench/scale.sh: 10,000,000 API apps in 100,000 projects of 1,000 instances) the planner misjudged how
-- many apps a project holds. It multiplies the selectivities of instance_id and project_id as if they were
-- independent, though a project id names one instance: for a project of 370,000 apps it expected 2,000, and a
-- listing page at offset 10,000 planned with those values (PostgreSQL's custom plans: the first five executions of
-- each prepared statement on a connection) sorted all 370,000 apps on disk instead of walking api_apps_keyset:
-- 940 ms instead of 3.5 ms. Statistics on the functional dependencies between the tenant columns give it the
-- project's own selectivity. No index is needed: the listing indexes serve every query as they are.
CREATE STATISTICS api_apps_tenant_dependencies (dependencies) ON instance_id, org_id, project_id FROM api_apps;
-- gathered now: autovacuum analyzes a large table again only after a tenth of it changed
ANALYZE api_apps;
