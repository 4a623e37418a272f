-- An instance-wide order of the event log, for ZITADEL's ListEvents (the admin API's audit read). An event's
-- sequence orders its aggregate only, and creation times tie and come from each process's clock, so every event gets
-- a position: drawn from one sequence as it is written, unique, growing (not gap-free), the paging cursor.
-- Events written before this migration are numbered by creation time, then by aggregate and sequence.

CREATE SEQUENCE events_position AS bigint;
ALTER TABLE events ADD COLUMN position bigint;
UPDATE events SET position = numbered.n
  FROM (SELECT ctid AS row_id,
               row_number() OVER (ORDER BY created_at, instance_id, aggregate_id, sequence) AS n
          FROM events) numbered
 WHERE events.ctid = numbered.row_id;
SELECT setval('events_position', (SELECT coalesce(max(position), 0) + 1 FROM events), false);
ALTER TABLE events
  ALTER COLUMN position SET DEFAULT nextval('events_position'),
  ALTER COLUMN position SET NOT NULL;
ALTER SEQUENCE events_position OWNED BY events.position;
-- one instance's log in position order: a page (either way, after a cursor) is one walk of this index
CREATE UNIQUE INDEX events_instance_position ON events (instance_id, position);
