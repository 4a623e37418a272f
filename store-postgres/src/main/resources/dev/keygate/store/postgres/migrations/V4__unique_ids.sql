-- Projects, apps and users are read by id within their tenant. Before a table's first ANALYZE the planner cannot tell
-- the primary key from a listing index that starts with the same tenant columns, and it took the listing index for
-- such lookups, scanning a whole project's apps per read (2 ms with 30,000 apps). Their ids are unique across
-- instances anyway (generated per process with distinct node ids); a unique index on the id alone states that, and
-- lets the planner see a lookup by id is one row whatever its statistics say.

CREATE UNIQUE INDEX projects_id ON projects (id);
CREATE UNIQUE INDEX api_apps_id ON api_apps (id);
CREATE UNIQUE INDEX users_id ON users (id);
