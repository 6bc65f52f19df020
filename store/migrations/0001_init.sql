-- 0001: the cell profile, the keys, members, their dated events and the change log.
-- Every record carries an id made on this machine and a version, for the bundle export to come.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id                    TEXT PRIMARY KEY,
    version               INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    full_name             TEXT NOT NULL CHECK (length(full_name) BETWEEN 1 AND 120),
    other_name            TEXT NOT NULL DEFAULT '',
    gender                TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    ethnicity             TEXT NOT NULL,
    religion              TEXT NOT NULL DEFAULT '',
    occupation            TEXT NOT NULL DEFAULT '',
    occupation_before     TEXT NOT NULL DEFAULT '',
    introducer_1          TEXT NOT NULL DEFAULT '',
    introducer_1_position TEXT NOT NULL DEFAULT '',
    introducer_2          TEXT NOT NULL DEFAULT '',
    introducer_2_position TEXT NOT NULL DEFAULT '',
    card_number           TEXT NOT NULL DEFAULT '',
    file_number           TEXT NOT NULL DEFAULT '',
    youth_union_date      TEXT NOT NULL DEFAULT '' CHECK (youth_union_date = '' OR date(youth_union_date) IS youth_union_date),
    education             TEXT NOT NULL DEFAULT '',
    professional_level    TEXT NOT NULL DEFAULT '',
    theory_level          TEXT NOT NULL DEFAULT '' CHECK (theory_level IN ('', 'sơ cấp', 'trung cấp', 'cao cấp', 'cử nhân')),
    foreign_language      TEXT NOT NULL DEFAULT '',
    badge_years           INTEGER NOT NULL DEFAULT 0 CHECK (badge_years IN (0, 30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)),
    badge_number          TEXT NOT NULL DEFAULT '',
    army                  INTEGER NOT NULL DEFAULT 0 CHECK (army IN (0, 1)),
    police                INTEGER NOT NULL DEFAULT 0 CHECK (police IN (0, 1)),
    retired               INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    notes                 TEXT NOT NULL DEFAULT '',
    -- Personal fields. Only store/personal.go reads or writes these columns, so that a later
    -- migration can keep them sealed under the cell's data key.
    cccd                  TEXT NOT NULL DEFAULT '' CHECK (cccd = '' OR (length(cccd) = 12 AND cccd NOT GLOB '*[^0-9]*')),
    cccd_index            BLOB UNIQUE,
    birth_date            TEXT NOT NULL CHECK (date(birth_date) IS birth_date),
    birth_place           TEXT NOT NULL DEFAULT '',
    hometown              TEXT NOT NULL DEFAULT '',
    residence             TEXT NOT NULL DEFAULT '',
    temp_residence        TEXT NOT NULL DEFAULT '',
    -- Derived from member_events (state, flags and the three admission dates) by store code in the same transaction as every event write.
    state                 TEXT NOT NULL DEFAULT 'candidate' CHECK (state IN ('candidate', 'probationary', 'official',
                              'transferred_out', 'deceased', 'expelled', 'removed', 'resigned')),
    flags                 TEXT NOT NULL DEFAULT '',
    decision_date         TEXT NOT NULL DEFAULT '',
    ceremony_date         TEXT NOT NULL DEFAULT '',
    official_date         TEXT NOT NULL DEFAULT '',
    -- Vietnamese order (given name, then the rest), and what the roster list shows and search
    -- matches, packed in one column so the list of a large cell loads from one covering index.
    sort_key              BLOB NOT NULL,
    roster_row            TEXT NOT NULL,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
) STRICT;

CREATE INDEX members_order ON members (sort_key, id, roster_row);

-- The members the watch list looks at (store/watch.go uses the same condition, word for word).
CREATE INDEX members_watch ON members (id)
    WHERE state IN ('candidate', 'probationary') OR flags <> '' OR cccd = '';

CREATE TABLE member_events (
    id            TEXT PRIMARY KEY,
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    member_id     TEXT NOT NULL REFERENCES members (id),
    kind          TEXT NOT NULL CHECK (kind IN ('admission_decision', 'admitted', 'official',
                      'transfer_in', 'transfer_out', 'temp_in', 'temp_in_end', 'temp_out', 'temp_out_return',
                      'exempted', 'exemption_end', 'suspended', 'suspension_end',
                      'deceased', 'expelled', 'removed', 'resigned', 'restored', 'readmitted')),
    date          TEXT NOT NULL CHECK (date(date) IS date),
    end_date      TEXT NOT NULL DEFAULT '' CHECK (end_date = '' OR date(end_date) IS end_date),
    -- transfer_in: the day the transfer papers were handed in; deceased and leaving: the day the
    -- committee above was notified.
    done_date     TEXT NOT NULL DEFAULT '' CHECK (done_date = '' OR date(done_date) IS done_date),
    organisation  TEXT NOT NULL DEFAULT '',
    document      TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE INDEX member_events_member ON member_events (member_id, date);

-- Transfers in and leavings whose follow-up is not recorded, for the watch list.
CREATE INDEX member_events_open ON member_events (member_id)
    WHERE deleted = 0 AND done_date = '' AND kind IN ('transfer_in', 'deceased', 'expelled', 'removed', 'resigned');

-- Who changed what, when. Rows are only ever added.
CREATE TABLE member_changes (
    seq        INTEGER PRIMARY KEY,
    member_id  TEXT NOT NULL REFERENCES members (id),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    field      TEXT NOT NULL,
    old_value  TEXT NOT NULL,
    new_value  TEXT NOT NULL
) STRICT;

CREATE INDEX member_changes_member ON member_changes (member_id, seq);

CREATE TRIGGER member_changes_no_update BEFORE UPDATE ON member_changes
BEGIN
    SELECT RAISE(ABORT, 'member_changes is append-only');
END;

CREATE TRIGGER member_changes_no_delete BEFORE DELETE ON member_changes
BEGIN
    SELECT RAISE(ABORT, 'member_changes is append-only');
END;

CREATE TRIGGER members_no_delete BEFORE DELETE ON members
BEGIN
    SELECT RAISE(ABORT, 'members are never deleted; record a leaving event instead');
END;
