// Package office is the receiving side of the USB bundle: the profile of a party committee
// above the cells (since 1/7/2025 usually the commune's party committee; its name and level
// are data) that enrols its cells' keys, verifies and imports their bundles, answers each
// with a signed receipt, and shows consolidated views of all its cells.
//
// An office profile is one SQLite file under DATA/offices/, behind its own passphrase, with
// the same key scheme as a cell (store.WrapNewKey): a random data key wrapped under argon2id,
// and the office's two secret keys sealed with it: a minisign Ed25519 key that signs
// receipts, and an age X25519 identity that cells encrypt their bundles to.
//
// Import follows docs/bundle-format.md ("How the office checks a bundle"): every check comes
// before any write, and then one transaction applies the bundle. A refused bundle leaves the
// database as it was: no row, not even a log line, records it.
//
// An *Office is safe for concurrent use: it holds one connection, and imports are serialised.
package office

import (
	"context"
	"database/sql"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"aead.dev/minisign"
	"filippo.io/age"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/payload"
	"chibo/vntext"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// now is the clock; tests replace it.
var now = time.Now

// Extension is the file name extension of an office profile's database, without the dot.
// (payload.OfficeCardExtension, "chibo-office", is the public card given to cells.)
const Extension = "chibo"

// Profile is the office's public description: its code, its name as printed ("Đảng ủy xã
// Mường Khương") and its level (one of store.OfficeLevels).
type Profile struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

var codePattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_-]{0,31}$`)

// Validate normalises the profile (upper-case code, NFC name, commune level by default) and
// returns a *store.ValidationError naming each refused field.
func (p *Profile) Validate() error {
	p.Code = store.NormalizeCode(p.Code)
	p.Name = vntext.NFC(p.Name)
	if p.Level == "" {
		p.Level = store.LevelCommune
	}
	var v store.ValidationError
	if !codePattern.MatchString(p.Code) {
		v.Fields = append(v.Fields, store.FieldError{Field: "code", Key: "office.err.code"})
	}
	if p.Name == "" {
		v.Fields = append(v.Fields, store.FieldError{Field: "name", Key: "office.err.name"})
	}
	found := false
	for _, l := range store.OfficeLevels {
		found = found || l == p.Level
	}
	if !found {
		v.Fields = append(v.Fields, store.FieldError{Field: "office_level", Key: "office.err.level"})
	}
	if len(v.Fields) > 0 {
		return &v
	}
	return nil
}

// Errors of opening and creating a profile; each has a sentence (MessageKey).
var (
	ErrNoSuchOffice = &msgError{"office: no such office", "office.err.no_such_office"}
	ErrOfficeExists = &msgError{"office: office already exists", "office.err.exists"}
)

type msgError struct{ text, key string }

func (e *msgError) Error() string { return e.text }

// MessageKey implements store.Message.
func (e *msgError) MessageKey() (string, map[string]any) { return e.key, nil }

// Office is an unlocked office profile.
type Office struct {
	db      *sql.DB
	path    string
	dataKey []byte
	profile Profile

	sign     bundle.Key
	identity *age.X25519Identity

	mu sync.Mutex // serialises imports, enrolments and settling conflicts

	actorMu sync.Mutex
	actor   string // who is at the keyboard (SetActor)
}

// Path is where the database of the office with this code lives under dataDir.
func Path(dataDir, code string) string {
	return filepath.Join(dataDir, "offices", store.NormalizeCode(code)+"."+Extension)
}

// Sealing contexts: a sealed secret opens only in the place it was sealed for.
const (
	aadSigningKey = "chibo office signing key v1"
	aadIdentity   = "chibo office age identity v1"
)

// Create makes a new office profile under dataDir behind passphrase, with its two keys, and
// returns it unlocked. opts may set the key-derivation settings (store.WithKDF; tests use
// store.FastKDF). It refuses with ErrOfficeExists when the code is taken.
func Create(ctx context.Context, dataDir string, p Profile, passphrase string, opts ...store.Option) (*Office, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	path := Path(dataDir, p.Code)
	if fileExists(path) {
		return nil, ErrOfficeExists
	}
	kdfJSON, wrapped, dek, err := store.WrapNewKey(passphrase, store.KDFFrom(opts...))
	if err != nil {
		return nil, err
	}
	sign, err := bundle.GenerateKey()
	if err != nil {
		return nil, err
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, fmt.Errorf("office: generate age identity: %w", err)
	}
	privText, err := sign.PrivateKeyBytes()
	if err != nil {
		return nil, err
	}
	sealedSign, err := store.Seal(dek, privText, []byte(aadSigningKey))
	if err != nil {
		return nil, err
	}
	sealedID, err := store.Seal(dek, []byte(id.String()), []byte(aadIdentity))
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, mapOSError(err)
	}
	// Build the file under a temporary name so a crash never leaves a half-made office.
	tmp := path + ".new"
	removeDB(tmp)
	db, err := openDB(tmp, true)
	if err != nil {
		removeDB(tmp)
		return nil, mapDiskError(err)
	}
	fail := func(err error) (*Office, error) {
		db.Close()
		removeDB(tmp)
		return nil, mapDiskError(err)
	}
	if err := migrate(ctx, db, nil); err != nil {
		return fail(err)
	}
	meta := map[string]string{
		"kind":         "office",
		"code":         p.Code,
		"name":         p.Name,
		"level":        p.Level,
		"kdf":          kdfJSON,
		"data_key":     wrapped,
		"signing_pub":  sign.Public.String(),
		"signing_key":  base64.StdEncoding.EncodeToString(sealedSign),
		"recipient":    id.Recipient().String(),
		"age_identity": base64.StdEncoding.EncodeToString(sealedID),
		"created_at":   now().UTC().Format(time.RFC3339),
	}
	if err := setMeta(ctx, db, meta); err != nil {
		return fail(err)
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fail(err)
	}
	db.Close()
	os.Remove(tmp + "-wal")
	os.Remove(tmp + "-shm")
	if fileExists(path) {
		removeDB(tmp)
		return nil, ErrOfficeExists
	}
	if err := os.Rename(tmp, path); err != nil {
		removeDB(tmp)
		return nil, mapOSError(err)
	}
	return Open(ctx, dataDir, p.Code, passphrase)
}

// Open unlocks the office with this code. After repeated wrong passphrases an attempt is
// refused with a *store.WaitError until the delay has passed, as for cells; a wrong
// passphrase gives store.ErrWrongPassphrase.
func Open(ctx context.Context, dataDir, code, passphrase string) (*Office, error) {
	path := Path(dataDir, code)
	if !fileExists(path) {
		return nil, ErrNoSuchOffice
	}
	db, err := openDB(path, false)
	if err != nil {
		if isDamage(err) {
			return nil, &store.DamagedError{Path: path, Detail: err.Error()}
		}
		return nil, mapDiskError(err)
	}
	o := &Office{db: db, path: path}
	fail := func(err error) (*Office, error) {
		db.Close()
		return nil, err
	}
	var qc string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&qc); err != nil || qc != "ok" {
		return fail(&store.DamagedError{Path: path, Detail: fmt.Sprint(qc, err)})
	}
	meta, err := readMeta(ctx, db)
	if err != nil {
		return fail(&store.DamagedError{Path: path, Detail: err.Error()})
	}
	if meta["kind"] != "office" || meta["kdf"] == "" || meta["data_key"] == "" {
		return fail(&store.DamagedError{Path: path, Detail: "no office profile in the file"})
	}
	failures, _ := strconv.Atoi(meta["unlock_failures"])
	last, _ := time.Parse(time.RFC3339Nano, meta["unlock_last_failure"])
	if wait := store.UnlockDelay(failures) - now().Sub(last); wait > 0 && failures >= 3 {
		return fail(&store.WaitError{Wait: wait})
	}
	dek, err := store.UnwrapKey(passphrase, meta["kdf"], meta["data_key"])
	if errors.Is(err, store.ErrWrongPassphrase) {
		setMeta(ctx, db, map[string]string{
			"unlock_failures":     strconv.Itoa(failures + 1),
			"unlock_last_failure": now().UTC().Format(time.RFC3339Nano),
		})
		return fail(err)
	}
	if err != nil {
		return fail(&store.DamagedError{Path: path, Detail: err.Error()})
	}
	o.dataKey = dek
	if failures > 0 {
		if err := setMeta(ctx, db, map[string]string{"unlock_failures": "0"}); err != nil {
			return fail(mapDiskError(err))
		}
	}
	if err := migrate(ctx, db, func(from int) error { return backupBeforeMigration(ctx, db, path, from) }); err != nil {
		return fail(mapDiskError(err))
	}
	if err := o.loadKeys(meta); err != nil {
		return fail(&store.DamagedError{Path: path, Detail: err.Error()})
	}
	o.profile = Profile{Code: meta["code"], Name: meta["name"], Level: meta["level"]}
	return o, nil
}

func (o *Office) loadKeys(meta map[string]string) error {
	open := func(name, aad string) ([]byte, error) {
		sealed, err := base64.StdEncoding.DecodeString(meta[name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		b, err := store.OpenSealed(o.dataKey, sealed, []byte(aad))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return b, nil
	}
	b, err := open("signing_key", aadSigningKey)
	if err != nil {
		return err
	}
	if o.sign, err = bundle.ParsePrivateKey(b); err != nil {
		return err
	}
	if o.sign.Public.String() != meta["signing_pub"] {
		return errors.New("signing key does not match its public key")
	}
	if b, err = open("age_identity", aadIdentity); err != nil {
		return err
	}
	if o.identity, err = age.ParseX25519Identity(string(b)); err != nil {
		return err
	}
	if o.identity.Recipient().String() != meta["recipient"] {
		return errors.New("age identity does not match its recipient")
	}
	return nil
}

// Close closes the database and forgets the keys.
func (o *Office) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	err := o.db.Close()
	for i := range o.dataKey {
		o.dataKey[i] = 0
	}
	return err
}

// Profile returns the office's code, name and level.
func (o *Office) Profile() Profile { return o.profile }

// Path returns the office's database file.
func (o *Office) Path() string { return o.path }

// SigningKey returns the office's public key that signs receipts.
func (o *Office) SigningKey() minisign.PublicKey { return o.sign.Public }

// Recipient returns the office's age X25519 recipient ("age1…"), which cells encrypt to.
func (o *Office) Recipient() string { return o.identity.Recipient().String() }

// IdentityText returns the office's age secret key ("AGE-SECRET-KEY-1…"), the form the stock
// `age -d -i FILE` reads. It is a secret: whoever holds it reads every bundle sent to the
// office.
func (o *Office) IdentityText() string { return o.identity.String() }

// Fingerprint returns the fingerprint of the office's receipt key (bundle.Fingerprint), to be
// printed on the paper the office gives its cells.
func (o *Office) Fingerprint() string { return bundle.Fingerprint(o.sign.Public) }

// Card returns the office's public identity as given to its cells.
func (o *Office) Card() payload.OfficeCard {
	return payload.OfficeCard{
		Office:     o.profile.Code,
		OfficeName: o.profile.Name,
		SigningKey: o.sign.Public.String(),
		Recipient:  o.Recipient(),
	}
}

// CardName returns the office card's file name, e.g. "XMK.chibo-office".
func CardName(code string) string {
	return store.NormalizeCode(code) + "." + payload.OfficeCardExtension
}

// WriteCard writes the office card (JSON: office, office_name, signing_key, recipient) into
// dir as CardName, and beside it the receipt key as a minisign public key file
// "CODE-receipts.pub" for the stock `minisign -V`. It returns the card's path. Nothing secret
// is written.
func (o *Office) WriteCard(dir string) (string, error) {
	b, err := payload.Marshal(o.Card())
	if err != nil {
		return "", err
	}
	card := filepath.Join(dir, CardName(o.profile.Code))
	if err := writeFileAtomic(card, append(b, '\n')); err != nil {
		return "", err
	}
	pub := filepath.Join(dir, o.profile.Code+"-receipts.pub")
	text := "untrusted comment: chibo office " + o.profile.Code + " receipts\n" + o.sign.Public.String() + "\n"
	if err := writeFileAtomic(pub, []byte(text)); err != nil {
		return "", err
	}
	return card, nil
}

// Listed is one office profile found under a data folder.
type Listed struct {
	Profile
	// Problem is set when the file could not be read.
	Problem error
}

// List lists the office profiles under dataDir in Vietnamese order of their names. It needs
// no passphrase: an office's profile is not secret.
func List(ctx context.Context, dataDir string) ([]Listed, error) {
	entries, err := os.ReadDir(filepath.Join(dataDir, "offices"))
	if errors.Is(err, os.ErrNotExist) {
		return []Listed{}, nil
	}
	if err != nil {
		return nil, mapOSError(err)
	}
	out := []Listed{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, "."+Extension) {
			continue
		}
		s := Listed{Profile: Profile{Code: strings.TrimSuffix(name, "."+Extension)}}
		path := filepath.Join(dataDir, "offices", name)
		db, err := openDB(path, false)
		if err != nil {
			s.Problem = &store.DamagedError{Path: path, Detail: err.Error()}
		} else {
			meta, err := readMeta(ctx, db)
			db.Close()
			if err != nil || meta["kind"] != "office" {
				s.Problem = &store.DamagedError{Path: path, Detail: fmt.Sprint("not an office profile ", err)}
			} else {
				s.Name, s.Level = meta["name"], meta["level"]
			}
		}
		out = append(out, s)
	}
	col := vntext.NewCollator()
	sort.SliceStable(out, func(i, j int) bool {
		return string(col.Key(out[i].Name)) < string(col.Key(out[j].Name))
	})
	return out, nil
}

// openDB opens path as the store opens a cell's file (see store.OpenDB).
func openDB(path string, create bool) (*sql.DB, error) { return store.OpenDB(path, create) }

// migrate brings the office's schema up to date from its own numbered migrations, as the
// store does for cells; backup, when not nil, runs once before the first migration of a file
// that already had a schema.
func migrate(ctx context.Context, db *sql.DB, backup func(from int) error) error {
	return store.Migrate(ctx, db, migrationFiles, backup)
}

// BackupDir is the folder of the copies taken of the office's file at path before its schema
// is migrated.
func BackupDir(path string) string { return filepath.Join(filepath.Dir(path), "backups") }

// backupBeforeMigration copies the database (VACUUM INTO, so the copy is whole and
// consistent) to BackupDir as CODE-<time>-v<from>.chibo.
func backupBeforeMigration(ctx context.Context, db *sql.DB, path string, from int) error {
	dir := BackupDir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	base := strings.TrimSuffix(filepath.Base(path), "."+Extension)
	dst := filepath.Join(dir, fmt.Sprintf("%s-%s-v%d.%s", base, now().UTC().Format("20060102T150405Z"), from, Extension))
	tmp := dst + ".tmp"
	os.Remove(tmp)
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}

func readMeta(ctx context.Context, db *sql.DB) (map[string]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT key, value FROM meta`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, rows.Err()
}

func setMeta(ctx context.Context, db *sql.DB, kv map[string]string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for k, v := range kv {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO meta (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}

func isDamage(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return true
		}
	}
	return false
}

// mapDiskError turns SQLite's full-disk and I/O failures into store.ErrDiskFull and
// store.ErrDiskIO, which have sentences.
func mapDiskError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("%w: %v", store.ErrDiskFull, err)
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY:
			return fmt.Errorf("%w: %v", store.ErrDiskIO, err)
		}
	}
	return err
}

func mapOSError(err error) error {
	if err == nil {
		return nil
	}
	if isNoSpace(err) {
		return fmt.Errorf("%w: %v", store.ErrDiskFull, err)
	}
	return fmt.Errorf("%w: %v", store.ErrDiskIO, err)
}

func isNoSpace(err error) bool { return errors.Is(err, syscall.ENOSPC) }

func removeDB(path string) {
	for _, s := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + s)
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// writeFileAtomic writes b to path through a temporary name in the same folder, flushed
// before the rename, so that a pulled stick never leaves a partial file under the final name.
func writeFileAtomic(path string, b []byte) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // best effort: not every file system syncs a folder
		d.Close()
	}
	return nil
}
