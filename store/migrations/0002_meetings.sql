-- 0002: meetings, their minutes and resolutions, and the chain of approved records.
-- A meeting is one record: its scalar facts in columns, its lists (attendance, agenda,
-- speeches, tasks, votes) in body as canonical JSON. Once approved it is frozen by the
-- triggers below, and its hash joins the cell's append-only chain.

CREATE TABLE meetings (
    id                 TEXT PRIMARY KEY,
    version            INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    kind               TEXT NOT NULL CHECK (kind IN ('regular', 'thematic', 'combined')),
    date               TEXT NOT NULL CHECK (date(date) IS date),
    status             TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    -- The minutes' number (Số NN-BB/CB), running per year; the resolution's (Số NN-NQ/CB) too.
    number             INTEGER NOT NULL DEFAULT 0,
    resolution_number  INTEGER NOT NULL DEFAULT 0,
    body               TEXT NOT NULL CHECK (json_valid(body)),
    corrects_id        TEXT REFERENCES meetings (id),
    correction_reason  TEXT NOT NULL DEFAULT '',
    approved_at        TEXT NOT NULL DEFAULT '',
    approved_by        TEXT NOT NULL DEFAULT '',
    record_hash        TEXT NOT NULL DEFAULT '',
    deleted            INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK (status = 'draft' OR (approved_at <> '' AND record_hash <> '' AND number > 0))
) STRICT;

CREATE INDEX meetings_date ON meetings (date);

CREATE TRIGGER meetings_approved_frozen BEFORE UPDATE ON meetings
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved minutes are read-only; make a correction instead');
END;

CREATE TRIGGER meetings_approved_kept BEFORE DELETE ON meetings
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved minutes are never deleted');
END;

-- The cell's chain of approved records: each entry hashes the one before it and the record's
-- canonical bytes (bundle.md point 5). Rows are only ever added.
CREATE TABLE chain (
    seq          INTEGER PRIMARY KEY CHECK (seq >= 1),
    record_type  TEXT NOT NULL CHECK (record_type IN ('meeting')),
    record_id    TEXT NOT NULL,
    record_hash  TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    entry_hash   TEXT NOT NULL UNIQUE,
    at           TEXT NOT NULL
) STRICT;

CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain
BEGIN
    SELECT RAISE(ABORT, 'the chain of approved records is append-only');
END;

CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain
BEGIN
    SELECT RAISE(ABORT, 'the chain of approved records is append-only');
END;

CREATE TRIGGER chain_in_order BEFORE INSERT ON chain
WHEN NEW.seq <> (SELECT coalesce(max(seq), 0) + 1 FROM chain)
    OR NEW.prev_hash <> coalesce((SELECT entry_hash FROM chain ORDER BY seq DESC LIMIT 1), '')
BEGIN
    SELECT RAISE(ABORT, 'a chain entry must extend the head');
END;
