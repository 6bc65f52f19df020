package office

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"aead.dev/minisign"

	"chibo/store"
	"chibo/sync/bundle"
	"chibo/vntext"
)

// CellKey is a cell's public key as read from its key file or from a bare key.
type CellKey struct {
	Cell string // from the key file's comment, "" for a bare key
	Name string // likewise
	Key  minisign.PublicKey
}

// keyComment starts the untrusted comment of a cell's public key file:
// "untrusted comment: chibo cell LUNGVAI Chi bộ bản Lùng Vai".
const keyComment = "untrusted comment: chibo cell "

// ParseCellKey reads a cell's public key: either minisign's two-line public key file, whose
// untrusted comment "chibo cell CODE NAME" gives the cell's code and name, or the bare base64
// key line (the caller then supplies the code). It returns an *EnrollError when text is not a
// key.
func ParseCellKey(b []byte) (CellKey, error) {
	text := strings.TrimSpace(strings.ReplaceAll(string(b), "\r\n", "\n"))
	var ck CellKey
	line := text
	if first, rest, ok := strings.Cut(text, "\n"); ok {
		line = strings.TrimSpace(rest)
		if strings.HasPrefix(first, keyComment) {
			code, name, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(first, keyComment)), " ")
			ck.Cell, ck.Name = store.NormalizeCode(code), vntext.NFC(name)
		} else if !strings.HasPrefix(first, "untrusted comment:") {
			return CellKey{}, &EnrollError{Key: "office.enroll.bad_key"}
		}
	}
	if err := ck.Key.UnmarshalText([]byte(line)); err != nil {
		return CellKey{}, &EnrollError{Key: "office.enroll.bad_key"}
	}
	return ck, nil
}

// EnrollRequest asks the office to trust Key for the cell Cell.
type EnrollRequest struct {
	Cell string // the cell's code
	Name string // the cell's name ("Chi bộ bản Lùng Vai"); the code when empty
	Key  minisign.PublicKey
	// Replace re-enrols a cell that is enrolled with another key (its key was lost): its
	// bundle numbers and chain restart at 1, the earlier state is kept under its epoch, and
	// Reason is stored as a dated note. Without Replace such a request is refused.
	Replace bool
	Reason  string
}

// Enrolled says what an enrolment did.
type Enrolled struct {
	Cell        string
	Name        string
	Fingerprint string // bundle.Fingerprint of the key, to compare with the cell's sheet
	KeyID       string // minisign key id, upper-case hex (a hint only)
	Epoch       int    // 1 at the first enrolment, +1 at each re-enrolment
	Already     bool   // this key was already enrolled for the cell: nothing changed
	Replaced    bool   // a re-enrolment: the next bundle must be number 1
}

// KeyID formats a minisign key id as minisign prints it.
func KeyID(id uint64) string { return strings.ToUpper(strconv.FormatUint(id, 16)) }

// Enroll makes the office trust r.Key for the cell r.Cell. The office trusts a key only through
// enrolment; compare Enrolled.Fingerprint with the one on the cell's paper first. It refuses
// with an *EnrollError a bad code, or another key for an enrolled cell without Replace and a
// Reason.
func (o *Office) Enroll(ctx context.Context, r EnrollRequest) (Enrolled, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	code := store.NormalizeCode(r.Cell)
	if !codePattern.MatchString(code) {
		return Enrolled{}, &EnrollError{Key: "office.enroll.bad_code", Args: map[string]any{"Cell": r.Cell}}
	}
	name := vntext.NFC(r.Name)
	if name == "" {
		name = code
	}
	key := r.Key.String()
	if r.Key.ID() == 0 || key == "" {
		return Enrolled{}, &EnrollError{Key: "office.enroll.bad_key"}
	}
	out := Enrolled{Cell: code, Name: name, Fingerprint: bundle.Fingerprint(r.Key), KeyID: KeyID(r.Key.ID()), Epoch: 1}
	at := now().UTC().Format(time.RFC3339)
	tx, err := o.db.BeginTx(ctx, nil)
	if err != nil {
		return Enrolled{}, mapDiskError(err)
	}
	defer tx.Rollback()
	var held struct {
		name, key string
		epoch     int
	}
	err = tx.QueryRowContext(ctx, `
		SELECT name, key, epoch
		FROM cells
		WHERE code = ?`, code).Scan(&held.name, &held.key, &held.epoch)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO cells (code, name, key, enrolled_at)
			VALUES (?, ?, ?, ?)`, code, name, key, at); err != nil {
			return Enrolled{}, mapDiskError(err)
		}
		if err := addKey(ctx, tx, code, 1, r.Key, "enrolled", at); err != nil {
			return Enrolled{}, err
		}
	case err != nil:
		return Enrolled{}, mapDiskError(err)
	case held.key == key:
		out.Already, out.Epoch, out.Name = true, held.epoch, held.name
		return out, nil
	case !r.Replace:
		var old minisign.PublicKey
		old.UnmarshalText([]byte(held.key))
		return Enrolled{}, &EnrollError{Key: "office.enroll.other_key", Args: map[string]any{
			"Cell": code, "Fingerprint": bundle.Fingerprint(old)}}
	case strings.TrimSpace(r.Reason) == "":
		return Enrolled{}, &EnrollError{Key: "office.enroll.need_reason", Args: map[string]any{"Cell": code}}
	default:
		out.Epoch, out.Replaced = held.epoch+1, true
		if r.Name == "" {
			out.Name = held.name
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE cells
			SET name = ?, key = ?, next_key = '', epoch = ?, enrolled_at = ?,
				last_seq = 0, last_hash = '', head_seq = 0, head_hash = ''
			WHERE code = ?`, out.Name, key, out.Epoch, at, code); err != nil {
			return Enrolled{}, mapDiskError(err)
		}
		if err := addKey(ctx, tx, code, out.Epoch, r.Key, "reenrolled", at); err != nil {
			return Enrolled{}, err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO notes (cell, epoch, source, at, text)
			VALUES (?, ?, 'reenrolled', ?, ?)`, code, out.Epoch, at, vntext.NFC(strings.TrimSpace(r.Reason))); err != nil {
			return Enrolled{}, mapDiskError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return Enrolled{}, mapDiskError(err)
	}
	return out, nil
}

func addKey(ctx context.Context, tx *sql.Tx, cell string, epoch int, k minisign.PublicKey, how, at string) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO cell_keys (cell, epoch, key, fingerprint, how, at)
		VALUES (?, ?, ?, ?, ?, ?)`, cell, epoch, k.String(), bundle.Fingerprint(k), how, at)
	return mapDiskError(err)
}
