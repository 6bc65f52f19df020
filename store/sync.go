package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"aead.dev/minisign"
)

// This file keeps what the cell needs to exchange bundles with the office above it: its
// signing keys, the bundles it exported and what each carried, the receipts it read, the
// acknowledged state and the office it trusts. Package sync/cellsync decides what goes into
// a bundle; the store only remembers. The store cannot import sync/payload (that package
// imports the store), so everything here is in plain types.

// Kinds of what a bundle carries, as the sync tables and the bundle name them.
const (
	SyncMember  = "member"
	SyncEvent   = "event"
	SyncMeeting = "meeting"
	SyncNote    = "note"
)

// States of a signing key.
const (
	KeyCurrent = "current" // signs the bundles
	KeyNext    = "next"    // announced in bundles, waiting for a receipt
	KeyRetired = "retired" // kept for the record; its private half is wiped
)

// How the office came to be trusted.
const (
	PinnedByCard    = "card"
	PinnedByReceipt = "first receipt"
)

// Errors of the exchange with the office.
var (
	// ErrKeyChangePending refuses a second rotation while the first waits for a receipt.
	ErrKeyChangePending = errors.New("store: a key change is waiting for the office's receipt")
	// ErrSyncChanged refuses to record an export or a receipt when the exchange state moved
	// on meanwhile (another export or receipt in between).
	ErrSyncChanged = errors.New("store: the exchange state changed meanwhile")
	// ErrUnknownBundle refuses a receipt for a bundle this cell did not export in its
	// current numbering.
	ErrUnknownBundle = errors.New("store: no such bundle was exported")
	// ErrStaleReceipt refuses a receipt older than, or the same as, one already read.
	ErrStaleReceipt = errors.New("store: a newer receipt has been read")
)

func init() {
	messageKeys[ErrKeyChangePending] = "sync.err.rotation_pending"
	messageKeys[ErrSyncChanged] = "sync.err.changed"
	messageKeys[ErrUnknownBundle] = "sync.err.unknown_bundle"
	messageKeys[ErrStaleReceipt] = "sync.err.stale_receipt"
}

// SigningKeyInfo describes one of the cell's signing keys; the private half never leaves
// the store except through SigningKey.
type SigningKeyInfo struct {
	PublicKey string // minisign public key, the base64 line
	State     string // KeyCurrent, KeyNext or KeyRetired
	CreatedAt string // RFC 3339, UTC
	RetiredAt string // "" unless retired
	Reason    string // why the key was made ("" for the key made with the cell)
}

// Public parses PublicKey.
func (k SigningKeyInfo) Public() (minisign.PublicKey, error) {
	var pub minisign.PublicKey
	err := pub.UnmarshalText([]byte(k.PublicKey))
	return pub, err
}

// signingKeyAAD binds a sealed private key to its public key, so a sealed value copied onto
// another row does not open.
func signingKeyAAD(public string) []byte { return []byte("chibo cell signing key v1\n" + public) }

// seal encrypts plain under the data key with AES-GCM: nonce, then ciphertext and tag.
func seal(dek, aad, plain []byte) ([]byte, error) {
	a, err := aeadFor(dek)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, a.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return a.Seal(nonce, nonce, plain, aad), nil
}

// unseal reverses seal.
func unseal(dek, aad, sealed []byte) ([]byte, error) {
	a, err := aeadFor(dek)
	if err != nil {
		return nil, err
	}
	if len(sealed) < a.NonceSize() {
		return nil, errors.New("store: sealed value too short")
	}
	return a.Open(nil, sealed[:a.NonceSize()], sealed[a.NonceSize():], aad)
}

// insertKey makes a new signing key in state and stores it sealed under dek.
func insertKey(ctx context.Context, tx *sql.Tx, dek []byte, state, reason string) (minisign.PublicKey, error) {
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		return minisign.PublicKey{}, fmt.Errorf("store: generate signing key: %w", err)
	}
	text, err := priv.MarshalText()
	if err != nil {
		return minisign.PublicKey{}, fmt.Errorf("store: encode signing key: %w", err)
	}
	sealed, err := seal(dek, signingKeyAAD(pub.String()), text)
	for i := range text {
		text[i] = 0
	}
	if err != nil {
		return minisign.PublicKey{}, fmt.Errorf("store: seal signing key: %w", err)
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO sync_keys (public_key, sealed, state, created_at, reason)
		VALUES (?, ?, ?, ?, ?)`, pub.String(), sealed, state, stamp(), normNotes(reason))
	if err != nil {
		return minisign.PublicKey{}, err
	}
	return pub, nil
}

// ensureSigningKey gives a cell made before signing keys existed its first key.
func (c *Cell) ensureSigningKey(ctx context.Context) error {
	var n int
	if err := c.db.QueryRowContext(ctx, `SELECT count(*) FROM sync_keys WHERE state = 'current'`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	return c.withTx(ctx, func(tx *sql.Tx) error {
		_, err := insertKey(ctx, tx, c.dek, KeyCurrent, "")
		return err
	})
}

func (c *Cell) keyInState(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, state string) (SigningKeyInfo, []byte, error) {
	var k SigningKeyInfo
	var sealed []byte
	err := q.QueryRowContext(ctx, `
		SELECT public_key, state, created_at, retired_at, reason, sealed
		FROM sync_keys
		WHERE state = ?`, state).Scan(&k.PublicKey, &k.State, &k.CreatedAt, &k.RetiredAt, &k.Reason, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return k, nil, ErrNotFound
	}
	return k, sealed, err
}

// SigningKey returns the private key that signs the cell's bundles now (during a rotation,
// still the old one until the office acknowledges the new).
func (c *Cell) SigningKey(ctx context.Context) (minisign.PrivateKey, error) {
	k, sealed, err := c.keyInState(ctx, c.db, KeyCurrent)
	if err != nil {
		return minisign.PrivateKey{}, fmt.Errorf("store: signing key: %w", err)
	}
	text, err := unseal(c.dek, signingKeyAAD(k.PublicKey), sealed)
	if err != nil {
		return minisign.PrivateKey{}, &DamagedError{Path: c.path, Detail: "the signing key does not open: " + err.Error()}
	}
	var priv minisign.PrivateKey
	err = priv.UnmarshalText(text)
	for i := range text {
		text[i] = 0
	}
	if err != nil {
		return minisign.PrivateKey{}, &DamagedError{Path: c.path, Detail: "the signing key is not valid: " + err.Error()}
	}
	return priv, nil
}

// PublicKey returns the public half of SigningKey: the key the office has enrolled.
func (c *Cell) PublicKey(ctx context.Context) (minisign.PublicKey, error) {
	k, _, err := c.keyInState(ctx, c.db, KeyCurrent)
	if err != nil {
		return minisign.PublicKey{}, fmt.Errorf("store: public key: %w", err)
	}
	return k.Public()
}

// PendingKey returns the next key announced by RotateKey and not yet acknowledged by the
// office, or ErrNotFound when no rotation is pending.
func (c *Cell) PendingKey(ctx context.Context) (SigningKeyInfo, error) {
	k, _, err := c.keyInState(ctx, c.db, KeyNext)
	return k, err
}

// SigningKeys lists every key the cell has had, oldest first.
func (c *Cell) SigningKeys(ctx context.Context) ([]SigningKeyInfo, error) {
	rows, err := c.db.QueryContext(ctx, `
		SELECT public_key, state, created_at, retired_at, reason
		FROM sync_keys
		ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: signing keys: %w", err)
	}
	defer rows.Close()
	out := []SigningKeyInfo{}
	for rows.Next() {
		var k SigningKeyInfo
		if err := rows.Scan(&k.PublicKey, &k.State, &k.CreatedAt, &k.RetiredAt, &k.Reason); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RotateKey makes the cell's next signing key. Bundles keep being signed by the current key
// and announce the next one (a key change) until a receipt acknowledges a bundle that
// carried the announcement; then the next key becomes current (see ApplyReceipt). A second
// rotation while one is pending is refused with ErrKeyChangePending.
func (c *Cell) RotateKey(ctx context.Context, reason string) error {
	return c.withTx(ctx, func(tx *sql.Tx) error {
		if _, _, err := c.keyInState(ctx, tx, KeyNext); err == nil {
			return ErrKeyChangePending
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		_, err := insertKey(ctx, tx, c.dek, KeyNext, reason)
		return err
	})
}

// ResetKey replaces the signing key at once, for a lost or exposed key: the office must
// enrol the new key. Every earlier key is retired (a pending rotation is dropped), the bundle
// numbers restart at 1 in a new epoch, the acknowledged state is cleared so the next bundle
// carries everything, and a dated note saying so is kept and carried to the office.
func (c *Cell) ResetKey(ctx context.Context, reason string) error {
	reason = normNotes(strings.TrimSpace(reason))
	return c.withTx(ctx, func(tx *sql.Tx) error {
		old, _, err := c.keyInState(ctx, tx, KeyCurrent)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		ts := stamp()
		if _, err := tx.ExecContext(ctx, `
			UPDATE sync_keys
			SET state = 'retired', retired_at = ?, sealed = X''
			WHERE state <> 'retired'`, ts); err != nil {
			return err
		}
		pub, err := insertKey(ctx, tx, c.dek, KeyCurrent, reason)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE sync_state
			SET epoch = epoch + 1, acked_seq = 0, acked_head_seq = 0, acked_head_hash = ''
			WHERE id = 1`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_acked`); err != nil {
			return err
		}
		// The note is data for the office's files, in the language of the records.
		oldID := "—"
		if op, err := old.Public(); err == nil {
			oldID = keyID(op)
		}
		text := fmt.Sprintf("Ngày %s chi bộ đặt lại khóa ký: khóa mới %s thay khóa %s; số thứ tự gói bắt đầu lại từ 1.",
			DateOf(now()).DMY(), keyID(pub), oldID)
		if reason != "" {
			text += " Lý do: " + reason
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO sync_notes (at, text) VALUES (?, ?)`, ts, text)
		return err
	})
}

// keyID is minisign's key id in upper-case hex, as minisign prints it.
func keyID(pub minisign.PublicKey) string {
	return strings.ToUpper(strconv.FormatUint(pub.ID(), 16))
}

// SyncItem is one record (or note) as a bundle carried it or the office acknowledged it.
type SyncItem struct {
	Kind    string // SyncMember, SyncEvent, SyncMeeting or SyncNote
	ID      string
	Version int
	Hash    string // hex SHA-256 of the record's data as the bundle carries it
}

// SyncKey names a record across versions.
type SyncKey struct{ Kind, ID string }

// SyncState is where the exchange with the office stands, in the current epoch.
type SyncState struct {
	// Epoch counts key resets; bundle numbers restart at 1 in each.
	Epoch int
	// LastSeq and LastManifestHash name the last bundle exported (0 and "" for none).
	LastSeq          uint64
	LastManifestHash string
	// AckedSeq is the bundle named by the last receipt read (0 for none).
	AckedSeq uint64
	// AckedHeadSeq and AckedHeadHash are the chain head the office acknowledged.
	AckedHeadSeq  int
	AckedHeadHash string
}

// SyncState returns where the exchange stands.
func (c *Cell) SyncState(ctx context.Context) (SyncState, error) {
	var s SyncState
	err := c.db.QueryRowContext(ctx, `
		SELECT epoch, acked_seq, acked_head_seq, acked_head_hash
		FROM sync_state
		WHERE id = 1`).Scan(&s.Epoch, &s.AckedSeq, &s.AckedHeadSeq, &s.AckedHeadHash)
	if err != nil {
		return s, fmt.Errorf("store: sync state: %w", err)
	}
	err = c.db.QueryRowContext(ctx, `
		SELECT seq, manifest_hash
		FROM sync_bundles
		WHERE epoch = ?
		ORDER BY seq DESC
		LIMIT 1`, s.Epoch).Scan(&s.LastSeq, &s.LastManifestHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("store: sync state: %w", err)
	}
	return s, nil
}

// Acknowledged returns the version and hash of every record the office has acknowledged.
func (c *Cell) Acknowledged(ctx context.Context) (map[SyncKey]SyncItem, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT kind, id, version, hash FROM sync_acked`)
	if err != nil {
		return nil, fmt.Errorf("store: acknowledged: %w", err)
	}
	defer rows.Close()
	out := map[SyncKey]SyncItem{}
	for rows.Next() {
		var it SyncItem
		if err := rows.Scan(&it.Kind, &it.ID, &it.Version, &it.Hash); err != nil {
			return nil, err
		}
		out[SyncKey{it.Kind, it.ID}] = it
	}
	return out, rows.Err()
}

// EventRecord is a member event as it travels: deleted events (tombstones) included.
type EventRecord struct {
	Event
	Deleted bool
}

// AllEvents returns every member event, tombstones included, in the order they were made.
func (c *Cell) AllEvents(ctx context.Context) ([]EventRecord, error) {
	rows, err := c.db.QueryContext(ctx, `
		SELECT `+eventColumns+`, deleted
		FROM member_events
		ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("store: all events: %w", err)
	}
	defer rows.Close()
	out := []EventRecord{}
	for rows.Next() {
		var e EventRecord
		ev, err := scanEvent(rows, &e.Deleted)
		if err != nil {
			return nil, fmt.Errorf("store: all events: %w", err)
		}
		e.Event = ev
		out = append(out, e)
	}
	return out, rows.Err()
}

// ExchangeNote is a dated remark about the exchange that travels to the office.
type ExchangeNote struct {
	ID   int64
	At   string // RFC 3339, UTC
	Text string
}

// PendingNotes returns the notes no receipt has acknowledged yet, oldest first.
func (c *Cell) PendingNotes(ctx context.Context) ([]ExchangeNote, error) {
	rows, err := c.db.QueryContext(ctx, `
		SELECT id, at, text
		FROM sync_notes
		WHERE acked_at = ''
		ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: notes: %w", err)
	}
	defer rows.Close()
	out := []ExchangeNote{}
	for rows.Next() {
		var n ExchangeNote
		if err := rows.Scan(&n.ID, &n.At, &n.Text); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// SyncExport is one bundle exported.
type SyncExport struct {
	Epoch        int
	Seq          uint64
	ManifestHash string
	FileName     string
	Created      time.Time // UTC
	// HeadSeq and HeadHash are the cell's chain head the bundle carried.
	HeadSeq  int
	HeadHash string
	// Counts of the records and documents carried.
	Members, Events, Meetings, Documents int
	Full                                 bool
	// KeyChange is the next key's public key when the bundle announced one, else "".
	KeyChange string
	// Recipient is the office's age recipient the payload was encrypted to, or "".
	Recipient string
	// Sent lists what the bundle carried (only given to RecordExport; not read back).
	Sent []SyncItem
}

// RecordExport remembers a bundle written to its final name, with everything it carried, in
// one transaction. It refuses with ErrSyncChanged unless e is the next bundle of the current
// epoch.
func (c *Cell) RecordExport(ctx context.Context, e SyncExport) error {
	return c.withTx(ctx, func(tx *sql.Tx) error {
		var epoch int
		var last uint64
		if err := tx.QueryRowContext(ctx, `
			SELECT s.epoch, coalesce((SELECT max(seq) FROM sync_bundles b WHERE b.epoch = s.epoch), 0)
			FROM sync_state s
			WHERE s.id = 1`).Scan(&epoch, &last); err != nil {
			return err
		}
		if e.Epoch != epoch || e.Seq != last+1 {
			return fmt.Errorf("%w: bundle %d of epoch %d, expected %d of %d", ErrSyncChanged, e.Seq, e.Epoch, last+1, epoch)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO sync_bundles (epoch, seq, manifest_hash, file_name, created_at, head_seq, head_hash,
				members, events, meetings, documents, full, key_change, recipient)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Epoch, e.Seq, e.ManifestHash, e.FileName, e.Created.UTC().Format(time.RFC3339), e.HeadSeq, e.HeadHash,
			e.Members, e.Events, e.Meetings, e.Documents, e.Full, e.KeyChange, e.Recipient); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `
			INSERT INTO sync_sent (epoch, seq, kind, id, version, hash)
			VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, it := range e.Sent {
			if _, err := stmt.ExecContext(ctx, e.Epoch, e.Seq, it.Kind, it.ID, it.Version, it.Hash); err != nil {
				return fmt.Errorf("store: record sent %s %s: %w", it.Kind, it.ID, err)
			}
		}
		return nil
	})
}

const exportColumns = `epoch, seq, manifest_hash, file_name, created_at, head_seq, head_hash,
	members, events, meetings, documents, full, key_change, recipient`

func scanExport(row scanner) (SyncExport, error) {
	var e SyncExport
	var created string
	err := row.Scan(&e.Epoch, &e.Seq, &e.ManifestHash, &e.FileName, &created, &e.HeadSeq, &e.HeadHash,
		&e.Members, &e.Events, &e.Meetings, &e.Documents, &e.Full, &e.KeyChange, &e.Recipient)
	e.Created, _ = time.Parse(time.RFC3339, created)
	return e, err
}

// SyncExports lists the bundles of the current epoch, newest first.
func (c *Cell) SyncExports(ctx context.Context) ([]SyncExport, error) {
	rows, err := c.db.QueryContext(ctx, `
		SELECT `+exportColumns+`
		FROM sync_bundles
		WHERE epoch = (SELECT epoch FROM sync_state WHERE id = 1)
		ORDER BY seq DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: exports: %w", err)
	}
	defer rows.Close()
	out := []SyncExport{}
	for rows.Next() {
		e, err := scanExport(rows)
		if err != nil {
			return nil, fmt.Errorf("store: exports: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SyncExportBySeq returns the bundle with this number in the current epoch, or ErrNotFound.
func (c *Cell) SyncExportBySeq(ctx context.Context, seq uint64) (SyncExport, error) {
	e, err := scanExport(c.db.QueryRowContext(ctx, `
		SELECT `+exportColumns+`
		FROM sync_bundles
		WHERE epoch = (SELECT epoch FROM sync_state WHERE id = 1) AND seq = ?`, seq))
	if errors.Is(err, sql.ErrNoRows) {
		return e, ErrNotFound
	}
	return e, err
}

// Office is the receiving office the cell trusts.
type Office struct {
	Code       string
	Name       string
	SigningKey string // minisign public key, the base64 line: its receipts must verify with it
	Recipient  string // age X25519 recipient the bundles are encrypted to, or ""
	PinnedAt   string // RFC 3339, UTC
	How        string // PinnedByCard or PinnedByReceipt
}

// Office returns the office the cell trusts, or ErrNotFound when none is pinned yet.
func (c *Cell) Office(ctx context.Context) (Office, error) {
	return officeTx(ctx, c.db)
}

func officeTx(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (Office, error) {
	var o Office
	err := q.QueryRowContext(ctx, `
		SELECT code, name, signing_key, recipient, pinned_at, how
		FROM sync_office
		WHERE id = 1`).Scan(&o.Code, &o.Name, &o.SigningKey, &o.Recipient, &o.PinnedAt, &o.How)
	if errors.Is(err, sql.ErrNoRows) {
		return o, ErrNotFound
	}
	return o, err
}

// PinOffice makes o the office the cell trusts, replacing any other. PinnedAt is set here,
// and kept (with How) when the same office key is pinned again with a new name or recipient.
func (c *Cell) PinOffice(ctx context.Context, o Office) error {
	return c.withTx(ctx, func(tx *sql.Tx) error { return pinOfficeTx(ctx, tx, o) })
}

func pinOfficeTx(ctx context.Context, tx *sql.Tx, o Office) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO sync_office (id, code, name, signing_key, recipient, pinned_at, how)
		VALUES (1, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name,
			recipient = excluded.recipient,
			pinned_at = CASE WHEN sync_office.signing_key = excluded.signing_key
				THEN sync_office.pinned_at ELSE excluded.pinned_at END,
			how = CASE WHEN sync_office.signing_key = excluded.signing_key
				THEN sync_office.how ELSE excluded.how END,
			signing_key = excluded.signing_key`,
		o.Code, normText(o.Name), o.SigningKey, o.Recipient, stamp(), o.How)
	return err
}

// SyncReceipt is a receipt the cell read, in plain terms: the caller has verified its
// signature and that it names this cell.
type SyncReceipt struct {
	Epoch        int // set by the store
	Seq          uint64
	Office       string
	ManifestHash string
	Status       string
	HeadSeq      int
	HeadHash     string
	// Counts and Conflicts are the receipt's JSON of them, kept to show later.
	Counts    json.RawMessage
	Conflicts json.RawMessage
	// Kept are the records the office kept aside: they stay unacknowledged and travel again.
	Kept   []SyncItem
	ReadAt time.Time
	// Bytes is the receipt file as it came.
	Bytes []byte
}

// LastReceipt returns the newest receipt read in the current epoch, or ErrNotFound.
func (c *Cell) LastReceipt(ctx context.Context) (SyncReceipt, error) {
	var r SyncReceipt
	var counts, conflicts, readAt string
	err := c.db.QueryRowContext(ctx, `
		SELECT epoch, seq, office, manifest_hash, status, head_seq, head_hash, counts, conflicts, read_at, receipt
		FROM sync_receipts
		WHERE epoch = (SELECT epoch FROM sync_state WHERE id = 1)
		ORDER BY seq DESC
		LIMIT 1`).Scan(&r.Epoch, &r.Seq, &r.Office, &r.ManifestHash, &r.Status, &r.HeadSeq, &r.HeadHash,
		&counts, &conflicts, &readAt, &r.Bytes)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: last receipt: %w", err)
	}
	r.Counts, r.Conflicts = json.RawMessage(counts), json.RawMessage(conflicts)
	r.ReadAt, _ = time.Parse(time.RFC3339, readAt)
	return r, nil
}

// ApplyReceipt records a verified receipt in one transaction: everything the bundles up to
// r.Seq of the current epoch carried becomes acknowledged (except what the office kept
// aside), the acknowledged chain head becomes r's, the notes they carried are done, a
// pending key rotation announced in one of them completes, and, when office is not nil, the
// office is pinned (the first receipt, or a new recipient). It refuses with ErrUnknownBundle
// when r names no bundle of this epoch with that manifest hash, and with ErrStaleReceipt when
// a receipt for r.Seq or later was read already.
func (c *Cell) ApplyReceipt(ctx context.Context, r SyncReceipt, office *Office) error {
	return c.withTx(ctx, func(tx *sql.Tx) error {
		var epoch int
		var ackedSeq uint64
		var headSeq int
		if err := tx.QueryRowContext(ctx, `SELECT epoch, acked_seq, acked_head_seq FROM sync_state WHERE id = 1`).
			Scan(&epoch, &ackedSeq, &headSeq); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `
			SELECT count(*)
			FROM sync_bundles
			WHERE epoch = ? AND seq = ? AND manifest_hash = ?`, epoch, r.Seq, r.ManifestHash).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrUnknownBundle
		}
		if r.Seq <= ackedSeq {
			return ErrStaleReceipt
		}
		ts := stamp()
		if err := insertReceiptTx(ctx, tx, epoch, r); err != nil {
			return err
		}

		// The newest version each record was sent in, in a bundle up to r.Seq.
		rows, err := tx.QueryContext(ctx, `
			SELECT kind, id, version, hash
			FROM sync_sent s
			WHERE epoch = ? AND seq > ? AND seq <= ?
				AND seq = (SELECT max(seq) FROM sync_sent t
					WHERE t.epoch = s.epoch AND t.kind = s.kind AND t.id = s.id AND t.seq <= ?)`,
			epoch, ackedSeq, r.Seq, r.Seq)
		if err != nil {
			return err
		}
		var items []SyncItem
		for rows.Next() {
			var it SyncItem
			if err := rows.Scan(&it.Kind, &it.ID, &it.Version, &it.Hash); err != nil {
				rows.Close()
				return err
			}
			items = append(items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		kept := map[SyncItem]bool{}
		for _, k := range r.Kept {
			kept[SyncItem{Kind: k.Kind, ID: k.ID, Version: k.Version}] = true
		}
		for _, it := range items {
			if it.Kind == SyncNote {
				if _, err := tx.ExecContext(ctx, `UPDATE sync_notes SET acked_at = ? WHERE id = ? AND acked_at = ''`, ts, it.ID); err != nil {
					return err
				}
				continue
			}
			if kept[SyncItem{Kind: it.Kind, ID: it.ID, Version: it.Version}] {
				continue
			}
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO sync_acked (kind, id, version, hash)
				VALUES (?, ?, ?, ?)
				ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, hash = excluded.hash`,
				it.Kind, it.ID, it.Version, it.Hash); err != nil {
				return err
			}
		}
		// The head only moves forward: a receipt for an earlier bundle imported later names
		// the head the office holds, which is never behind what it acknowledged before.
		if r.HeadSeq >= headSeq {
			if _, err := tx.ExecContext(ctx, `
				UPDATE sync_state
				SET acked_seq = ?, acked_head_seq = ?, acked_head_hash = ?
				WHERE id = 1`, r.Seq, r.HeadSeq, r.HeadHash); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET acked_seq = ? WHERE id = 1`, r.Seq); err != nil {
			return err
		}

		// A rotation completes when a bundle that announced the next key is acknowledged.
		next, _, err := c.keyInState(ctx, tx, KeyNext)
		switch {
		case err == nil:
			if err := tx.QueryRowContext(ctx, `
				SELECT count(*)
				FROM sync_bundles
				WHERE epoch = ? AND seq <= ? AND key_change = ?`, epoch, r.Seq, next.PublicKey).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				if err := promoteNextKey(ctx, tx, ts); err != nil {
					return err
				}
			}
		case !errors.Is(err, ErrNotFound):
			return err
		}

		if office != nil {
			return pinOfficeTx(ctx, tx, *office)
		}
		return nil
	})
}

// insertReceiptTx stores a receipt read, as it came, in epoch.
func insertReceiptTx(ctx context.Context, tx *sql.Tx, epoch int, r SyncReceipt) error {
	if len(r.Counts) == 0 {
		r.Counts = json.RawMessage("{}")
	}
	if len(r.Conflicts) == 0 {
		r.Conflicts = json.RawMessage("[]")
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO sync_receipts (epoch, seq, office, manifest_hash, status, head_seq, head_hash, counts,
			conflicts, read_at, receipt)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, epoch, r.Seq, r.Office, r.ManifestHash, r.Status,
		r.HeadSeq, r.HeadHash, string(r.Counts), string(r.Conflicts), now().UTC().Format(time.RFC3339), r.Bytes)
	return err
}

// promoteNextKey completes a key rotation: the current key is retired (its private half
// wiped) and the next one becomes current. With no next key it does nothing.
func promoteNextKey(ctx context.Context, tx *sql.Tx, ts string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sync_keys WHERE state = 'next'`).Scan(&n); err != nil || n == 0 {
		return err
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE sync_keys
		SET state = 'retired', retired_at = ?, sealed = X''
		WHERE state = 'current'`, ts); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE sync_keys SET state = 'current' WHERE state = 'next'`)
	return err
}

// CatchUp records a verified receipt of the pinned office for a bundle later than any this
// database remembers in its epoch: the cell wrote that bundle from data since lost, and this
// database was restored from an older backup. Without it the cell would number its next
// bundle as one the office already holds with other content, which the office refuses as a
// fork.
//
// In one transaction: b (the bundle as the receipt names it: Seq, ManifestHash, FileName,
// Created, HeadSeq, HeadHash; its counts are zero, what it carried is unknown) is remembered
// as the last bundle, so the next one is b.Seq+1 naming b.ManifestHash; the receipt is
// stored; the acknowledged records are forgotten, so the next bundle carries every record
// (the office's import is idempotent); the acknowledged chain head becomes the receipt's only
// when this database's chain holds that exact entry (headReached), else it stays as it was;
// a pending key rotation completes (every bundle written after the backup announced the next
// key or was signed by it, so the office knows it); and office is pinned when not nil.
//
// It refuses with ErrSyncChanged unless r.Seq is above every bundle of the current epoch,
// and does not look at notes: they travel again until a receipt for a bundle this database
// wrote acknowledges them.
func (c *Cell) CatchUp(ctx context.Context, b SyncExport, r SyncReceipt, office *Office) (headReached bool, err error) {
	err = c.withTx(ctx, func(tx *sql.Tx) error {
		var epoch, headSeq int
		var last uint64
		if err := tx.QueryRowContext(ctx, `
			SELECT s.epoch, s.acked_head_seq, coalesce((SELECT max(seq) FROM sync_bundles b WHERE b.epoch = s.epoch), 0)
			FROM sync_state s
			WHERE s.id = 1`).Scan(&epoch, &headSeq, &last); err != nil {
			return err
		}
		if r.Seq <= last || b.Seq != r.Seq || b.ManifestHash != r.ManifestHash {
			return fmt.Errorf("%w: catch up to bundle %d, the last is %d", ErrSyncChanged, r.Seq, last)
		}
		headReached = r.HeadSeq == 0
		if r.HeadSeq > 0 {
			var h string
			err := tx.QueryRowContext(ctx, `SELECT entry_hash FROM chain WHERE seq = ?`, r.HeadSeq).Scan(&h)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			headReached = h == r.HeadHash
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO sync_bundles (epoch, seq, manifest_hash, file_name, created_at, head_seq, head_hash,
				members, events, meetings, documents, full)
			VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0)`,
			epoch, b.Seq, b.ManifestHash, b.FileName, b.Created.UTC().Format(time.RFC3339), r.HeadSeq, r.HeadHash); err != nil {
			return err
		}
		if err := insertReceiptTx(ctx, tx, epoch, r); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_acked`); err != nil {
			return err
		}
		if headReached && r.HeadSeq >= headSeq {
			if _, err := tx.ExecContext(ctx, `
				UPDATE sync_state
				SET acked_seq = ?, acked_head_seq = ?, acked_head_hash = ?
				WHERE id = 1`, r.Seq, r.HeadSeq, r.HeadHash); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET acked_seq = ? WHERE id = 1`, r.Seq); err != nil {
			return err
		}
		if err := promoteNextKey(ctx, tx, stamp()); err != nil {
			return err
		}
		if office != nil {
			return pinOfficeTx(ctx, tx, *office)
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	return headReached, nil
}
