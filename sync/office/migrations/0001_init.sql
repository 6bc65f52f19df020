-- 0001: the office profile, its enrolled cells and their keys, the bundles it accepted, the
-- cells' chains of approved records, their records, documents, conflicts and notes.
-- A refused bundle writes nothing to any of these tables.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- One row per enrolled cell, with its current key and where its bundles have got to in the
-- current epoch. A re-enrolment after a lost key starts a new epoch: numbers and the chain
-- restart, and the rows of the earlier epochs stay.
CREATE TABLE cells (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    key          TEXT NOT NULL,                -- minisign public key, the base64 line
    next_key     TEXT NOT NULL DEFAULT '',     -- announced in an accepted bundle, not yet used
    epoch        INTEGER NOT NULL DEFAULT 1 CHECK (epoch >= 1),
    enrolled_at  TEXT NOT NULL,
    last_seq     INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    last_hash    TEXT NOT NULL DEFAULT '',
    head_seq     INTEGER NOT NULL DEFAULT 0 CHECK (head_seq >= 0),
    head_hash    TEXT NOT NULL DEFAULT '',
    last_import  TEXT NOT NULL DEFAULT '',
    profile      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(profile)),
    CHECK ((last_seq = 0) = (last_hash = '')),
    CHECK ((head_seq = 0) = (head_hash = ''))
) STRICT;

-- Every key a cell has had: enrolled, re-enrolled, or announced and then used.
CREATE TABLE cell_keys (
    id           INTEGER PRIMARY KEY,
    cell         TEXT NOT NULL REFERENCES cells (code),
    epoch        INTEGER NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    how          TEXT NOT NULL CHECK (how IN ('enrolled', 'reenrolled', 'rotated')),
    at           TEXT NOT NULL
) STRICT;

CREATE TABLE bundles (
    cell           TEXT NOT NULL REFERENCES cells (code),
    epoch          INTEGER NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    manifest_hash  TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    created        TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    key            TEXT NOT NULL,               -- the key that signed it
    head_seq       INTEGER NOT NULL,
    head_hash      TEXT NOT NULL,
    counts         TEXT NOT NULL CHECK (json_valid(counts)),
    conflicts      TEXT NOT NULL CHECK (json_valid(conflicts)),
    PRIMARY KEY (cell, epoch, seq)
) STRICT;

CREATE TABLE chain (
    cell         TEXT NOT NULL REFERENCES cells (code),
    epoch        INTEGER NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    record_type  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    record_hash  TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    entry_hash   TEXT NOT NULL,
    at           TEXT NOT NULL,
    bundle_seq   INTEGER NOT NULL,
    PRIMARY KEY (cell, epoch, seq)
) STRICT;

CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain
BEGIN
    SELECT RAISE(ABORT, 'the chain of approved records is append-only');
END;

CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain
BEGIN
    SELECT RAISE(ABORT, 'the chain of approved records is append-only');
END;

-- The cells' records as their bundles carried them: kind is member, event or meeting; data is
-- the record's JSON exactly as it travelled (its SHA-256 is hash). The other columns are read
-- out of data for the consolidated views.
CREATE TABLE records (
    cell         TEXT NOT NULL REFERENCES cells (code),
    kind         TEXT NOT NULL CHECK (kind IN ('member', 'event', 'meeting')),
    id           TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    hash         TEXT NOT NULL,
    deleted      INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    data         TEXT NOT NULL CHECK (json_valid(data)),
    epoch        INTEGER NOT NULL,
    bundle_seq   INTEGER NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (cell, kind, id)
) STRICT;

-- Records kept aside for a person: the same id and version as one held, other content.
CREATE TABLE conflicts (
    id           INTEGER PRIMARY KEY,
    cell         TEXT NOT NULL REFERENCES cells (code),
    kind         TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    version      INTEGER NOT NULL,
    held_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    deleted      INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    data         TEXT NOT NULL CHECK (json_valid(data)),
    epoch        INTEGER NOT NULL,
    bundle_seq   INTEGER NOT NULL,
    at           TEXT NOT NULL,
    UNIQUE (cell, kind, record_id, version, hash)
) STRICT;

-- The printed PDFs a bundle carried, by their path in the bundle.
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    cell         TEXT NOT NULL REFERENCES cells (code),
    path         TEXT NOT NULL,
    meeting_id   TEXT NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    pdf          BLOB NOT NULL,
    epoch        INTEGER NOT NULL,
    bundle_seq   INTEGER NOT NULL,
    imported_at  TEXT NOT NULL,
    UNIQUE (cell, path)
) STRICT;

CREATE INDEX documents_meeting ON documents (cell, meeting_id);

-- Dated remarks: the office's own (source 'reenrolled': the reason of a re-enrolment) and those a
-- cell's bundle carried (source 'cell').
CREATE TABLE notes (
    id           INTEGER PRIMARY KEY,
    cell         TEXT NOT NULL REFERENCES cells (code),
    epoch        INTEGER NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('reenrolled', 'cell')),
    at           TEXT NOT NULL,
    text         TEXT NOT NULL,
    bundle_seq   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (cell, epoch, source, at, text)
) STRICT;
