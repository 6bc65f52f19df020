-- 0002: a person settles the records kept aside. A conflict is never deleted: settling it
-- records who chose which copy and when, and keeps the copy that was not chosen.
--   kept 'held'       the office keeps what it had; the incoming copy stays here in data;
--   kept 'incoming'   the incoming copy replaced the held record; the replaced one is kept in
--                     replaced_data;
--   kept 'superseded' a later bundle brought a higher version of the record, which replaced
--                     the held one as any newer version does; nothing was left to choose.
-- Only open conflicts (kept = '') wait for a person and count in the report.

ALTER TABLE conflicts ADD COLUMN kept TEXT NOT NULL DEFAULT ''
    CHECK (kept IN ('', 'held', 'incoming', 'superseded'));
ALTER TABLE conflicts ADD COLUMN resolved_at TEXT NOT NULL DEFAULT '';
ALTER TABLE conflicts ADD COLUMN resolved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE conflicts ADD COLUMN replaced_data TEXT NOT NULL DEFAULT '';

CREATE INDEX conflicts_open ON conflicts (cell, kind, record_id) WHERE kept = '';

CREATE TRIGGER conflicts_no_delete BEFORE DELETE ON conflicts
BEGIN
    SELECT RAISE(ABORT, 'a record kept aside is never deleted');
END;

-- A conflict is settled once, with a date, and what was kept aside stays as it came.
CREATE TRIGGER conflicts_settle_once BEFORE UPDATE ON conflicts
WHEN OLD.kept <> ''
    OR NEW.kept = ''
    OR NEW.resolved_at = ''
    OR (NEW.kept IN ('held', 'incoming') AND NEW.resolved_by = '')
    OR (NEW.kept = 'incoming') <> (NEW.replaced_data <> '')
    OR NEW.id IS NOT OLD.id OR NEW.cell IS NOT OLD.cell OR NEW.kind IS NOT OLD.kind
    OR NEW.record_id IS NOT OLD.record_id OR NEW.version IS NOT OLD.version
    OR NEW.held_hash IS NOT OLD.held_hash OR NEW.hash IS NOT OLD.hash
    OR NEW.deleted IS NOT OLD.deleted OR NEW.data IS NOT OLD.data OR NEW.epoch IS NOT OLD.epoch
    OR NEW.bundle_seq IS NOT OLD.bundle_seq OR NEW.at IS NOT OLD.at
BEGIN
    SELECT RAISE(ABORT, 'a conflict is settled once and what was kept aside does not change');
END;
