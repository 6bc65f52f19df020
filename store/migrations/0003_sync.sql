-- 0003: the cell's signing keys and its exchanges with the office above it (issue 4): the
-- bundles it exported and what each carried, the receipts it read, what the office has
-- acknowledged, and the office it trusts. None of this is a record of the cell's life; it is
-- the bookkeeping that lets the next bundle carry only what the office has not yet got.

-- Every signing key the cell has had. The private key is sealed under the cell's data key
-- (AES-GCM), so it is as safe as the passphrase; it is wiped when the key is retired. At most
-- one key is current (signs bundles) and at most one is next (announced, waiting for the
-- office's receipt).
CREATE TABLE sync_keys (
    id          INTEGER PRIMARY KEY,
    public_key  TEXT NOT NULL UNIQUE,
    sealed      BLOB NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('current', 'next', 'retired')),
    created_at  TEXT NOT NULL,
    retired_at  TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    CHECK ((state = 'retired') = (retired_at <> '')),
    CHECK (state = 'retired' OR length(sealed) > 0)
) STRICT;

CREATE UNIQUE INDEX sync_keys_one_current ON sync_keys (state) WHERE state = 'current';
CREATE UNIQUE INDEX sync_keys_one_next ON sync_keys (state) WHERE state = 'next';

-- One row: the epoch (raised when the key is reset and the bundle numbers restart at 1), the
-- last receipt read in this epoch and the chain head the office acknowledged.
CREATE TABLE sync_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    epoch            INTEGER NOT NULL DEFAULT 1 CHECK (epoch >= 1),
    acked_seq        INTEGER NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
    acked_head_seq   INTEGER NOT NULL DEFAULT 0 CHECK (acked_head_seq >= 0),
    acked_head_hash  TEXT NOT NULL DEFAULT '',
    CHECK ((acked_head_seq = 0) = (acked_head_hash = ''))
) STRICT;

INSERT INTO sync_state (id) VALUES (1);

-- The bundles exported, numbered 1, 2, 3 … within an epoch.
CREATE TABLE sync_bundles (
    epoch          INTEGER NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    manifest_hash  TEXT NOT NULL UNIQUE CHECK (length(manifest_hash) = 64),
    file_name      TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    head_seq       INTEGER NOT NULL CHECK (head_seq >= 0),
    head_hash      TEXT NOT NULL,
    members        INTEGER NOT NULL CHECK (members >= 0),
    events         INTEGER NOT NULL CHECK (events >= 0),
    meetings       INTEGER NOT NULL CHECK (meetings >= 0),
    documents      INTEGER NOT NULL CHECK (documents >= 0),
    full           INTEGER NOT NULL CHECK (full IN (0, 1)),
    key_change     TEXT NOT NULL DEFAULT '',
    recipient      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (epoch, seq)
) STRICT;

-- What each bundle carried: kind, id, version and content hash of every record, and the
-- notes (kind 'note', id the note's id).
CREATE TABLE sync_sent (
    epoch    INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('member', 'event', 'meeting', 'note')),
    id       TEXT NOT NULL,
    version  INTEGER NOT NULL CHECK (version >= 1),
    hash     TEXT NOT NULL,
    PRIMARY KEY (epoch, seq, kind, id),
    FOREIGN KEY (epoch, seq) REFERENCES sync_bundles (epoch, seq)
) STRICT;

CREATE INDEX sync_sent_record ON sync_sent (kind, id, epoch, seq);

-- The version and hash of each record the office has acknowledged. A record whose current
-- version or hash differs travels in the next bundle.
CREATE TABLE sync_acked (
    kind     TEXT NOT NULL CHECK (kind IN ('member', 'event', 'meeting')),
    id       TEXT NOT NULL,
    version  INTEGER NOT NULL CHECK (version >= 1),
    hash     TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT;

-- The receipts read, with their bytes as they came.
CREATE TABLE sync_receipts (
    epoch          INTEGER NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    office         TEXT NOT NULL,
    manifest_hash  TEXT NOT NULL,
    status         TEXT NOT NULL,
    head_seq       INTEGER NOT NULL,
    head_hash      TEXT NOT NULL,
    counts         TEXT NOT NULL CHECK (json_valid(counts)),
    conflicts      TEXT NOT NULL CHECK (json_valid(conflicts)),
    read_at        TEXT NOT NULL,
    receipt        BLOB NOT NULL,
    PRIMARY KEY (epoch, seq),
    FOREIGN KEY (epoch, seq) REFERENCES sync_bundles (epoch, seq)
) STRICT;

-- The office the cell trusts: its receipts must verify with signing_key, and bundles are
-- encrypted to recipient when it is known.
CREATE TABLE sync_office (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    signing_key  TEXT NOT NULL,
    recipient    TEXT NOT NULL DEFAULT '',
    pinned_at    TEXT NOT NULL,
    how          TEXT NOT NULL CHECK (how IN ('card', 'first receipt'))
) STRICT;

-- Dated remarks about the exchange itself (a key reset), carried in every bundle until a
-- receipt acknowledges one that carried them.
CREATE TABLE sync_notes (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    text      TEXT NOT NULL,
    acked_at  TEXT NOT NULL DEFAULT ''
) STRICT;
