-- An organization's change date: the instant of its aggregate's latest event (a new member moves it with the
-- sequence), as instances, projects, apps and users keep theirs. ZITADEL's v2 shows it in the organization's details,
-- where v1 answers a new member with the same sequence and instant. Rows there already take it from the event of
-- their current sequence (PostgreSQL keeps every event), else from their creation.

ALTER TABLE organizations ADD COLUMN changed_at timestamptz;
UPDATE organizations o SET changed_at = coalesce((SELECT e.created_at FROM events e
    WHERE e.instance_id = o.instance_id AND e.aggregate_id = o.id AND e.sequence = o.sequence), o.created_at);
ALTER TABLE organizations ALTER COLUMN changed_at SET NOT NULL;
