package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"chibo/vntext"
)

// Office levels: the kind of party committee that receives the cell's reports. Since 1/7/2025
// most cells report to a commune-level committee; the name itself is always data.
const (
	LevelCommune     = "commune"      // Đảng ủy xã
	LevelWard        = "ward"         // Đảng ủy phường
	LevelSpecialZone = "special_zone" // Đảng ủy đặc khu
	LevelBase        = "base"         // another base-level committee (đảng ủy cơ sở)
	LevelOther       = "other"
)

// OfficeLevels lists the levels in the order the window offers them.
var OfficeLevels = []string{LevelCommune, LevelWard, LevelSpecialZone, LevelBase, LevelOther}

// Profile describes a cell: what the start screen lists and what documents print. None of it
// is secret; the records behind it are.
type Profile struct {
	Code        string `json:"code"`
	Name        string `json:"name"`         // "Chi bộ bản Lùng Vai"
	OfficeName  string `json:"office_name"`  // "Đảng ủy xã Mường Khương"
	OfficeLevel string `json:"office_level"` // one of OfficeLevels
	Place       string `json:"place"`        // the place name printed on documents: "Mường Khương"
	Secretary   string `json:"secretary"`
}

var codePattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_-]{0,31}$`)

// NormalizeCode returns the canonical (upper-case) form of a cell or office code.
func NormalizeCode(code string) string {
	return strings.ToUpper(strings.TrimSpace(code))
}

// Validate checks a profile before a cell is created or its profile changed.
func (p *Profile) Validate() error {
	p.Code = NormalizeCode(p.Code)
	p.Name = vntext.NFC(p.Name)
	p.OfficeName = vntext.NFC(p.OfficeName)
	p.Place = vntext.NFC(p.Place)
	p.Secretary = vntext.NFC(p.Secretary)
	if p.OfficeLevel == "" {
		p.OfficeLevel = LevelCommune
	}
	var v ValidationError
	if !codePattern.MatchString(p.Code) {
		v.Fields = append(v.Fields, FieldError{Field: "code", Key: "err.cell.code"})
	}
	if p.Name == "" {
		v.Fields = append(v.Fields, FieldError{Field: "name", Key: "err.cell.name"})
	}
	if p.OfficeName == "" {
		v.Fields = append(v.Fields, FieldError{Field: "office_name", Key: "err.cell.office"})
	}
	found := false
	for _, l := range OfficeLevels {
		found = found || l == p.OfficeLevel
	}
	if !found {
		v.Fields = append(v.Fields, FieldError{Field: "office_level", Key: "err.cell.level"})
	}
	if p.Place == "" {
		v.Fields = append(v.Fields, FieldError{Field: "place", Key: "err.cell.place"})
	}
	if len(v.Fields) > 0 {
		return &v
	}
	return nil
}

var profileKeys = []struct {
	key string
	get func(*Profile) *string
}{
	{"code", func(p *Profile) *string { return &p.Code }},
	{"name", func(p *Profile) *string { return &p.Name }},
	{"office_name", func(p *Profile) *string { return &p.OfficeName }},
	{"office_level", func(p *Profile) *string { return &p.OfficeLevel }},
	{"place", func(p *Profile) *string { return &p.Place }},
	{"secretary", func(p *Profile) *string { return &p.Secretary }},
}

// Cell is an unlocked cell profile: its open database and its data key.
type Cell struct {
	db      *sql.DB
	path    string
	dataDir string
	dek     []byte
	code    string // never changes

	mu      sync.RWMutex // guards profile and actor
	profile Profile
	actor   string

	// The integrity check and the daily backup of a large file run in the background on
	// their own connection, so that opening stays quick; writes wait for their verdict.
	checkDone   chan struct{}
	checkErr    error
	checkCancel context.CancelFunc
}

// syncCheckLimit is the file size up to which the integrity check runs before OpenCell
// returns (a real cell of 60 members is well under 1 MiB).
var syncCheckLimit int64 = 16 << 20

// CellPath is where the database of the cell with this code lives under dataDir.
func CellPath(dataDir, code string) string {
	return filepath.Join(dataDir, "cells", NormalizeCode(code)+".chibo")
}

// BackupDir is where backup copies of a cell's file are kept.
func BackupDir(dataDir, code string) string {
	return filepath.Join(dataDir, "backups", NormalizeCode(code))
}

// Option adjusts how a cell is created.
type Option func(*options)

type options struct {
	kdf KDFParams
}

// WithKDF sets the key-derivation settings of a new cell (tests use FastKDF).
func WithKDF(p KDFParams) Option {
	return func(o *options) { o.kdf = p }
}

// CreateCell makes a new cell profile under dataDir, behind its own passphrase, and returns it
// unlocked. It refuses when a cell with that code already exists.
func CreateCell(ctx context.Context, dataDir string, p Profile, passphrase string, opts ...Option) (*Cell, error) {
	o := options{kdf: DefaultKDF}
	for _, f := range opts {
		f(&o)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	path := CellPath(dataDir, p.Code)
	if fileExists(path) {
		return nil, ErrCellExists
	}
	kdfJSON, wrapped, dek, err := newKeys(passphrase, o.kdf)
	if err != nil {
		return nil, err
	}
	defer func() {
		for i := range dek {
			dek[i] = 0
		}
	}()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, mapOSError(err)
	}
	// Build the file under a temporary name so a crash never leaves a half-made cell.
	tmp := path + ".new"
	removeDB(tmp)
	db, err := openDB(tmp, true)
	if err != nil {
		removeDB(tmp)
		return nil, mapDiskError(err)
	}
	fail := func(err error) (*Cell, error) {
		db.Close()
		removeDB(tmp)
		return nil, mapDiskError(err)
	}
	if err := migrate(ctx, db, nil); err != nil {
		return fail(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	meta := map[string]string{
		"kind":       "cell",
		"kdf":        kdfJSON,
		"data_key":   wrapped,
		"created_at": now().UTC().Format(time.RFC3339),
	}
	for _, k := range profileKeys {
		meta[k.key] = *k.get(&p)
	}
	for k, v := range meta {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`, k, v); err != nil {
			tx.Rollback()
			return fail(err)
		}
	}
	// The cell's signing key is born with it, sealed under the data key (see sync.go).
	if _, err := insertKey(ctx, tx, dek, KeyCurrent, ""); err != nil {
		tx.Rollback()
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	// Checkpoint so the whole cell is in the main file before it is renamed into place.
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fail(err)
	}
	db.Close()
	os.Remove(tmp + "-wal")
	os.Remove(tmp + "-shm")
	if fileExists(path) {
		removeDB(tmp)
		return nil, ErrCellExists
	}
	if err := os.Rename(tmp, path); err != nil {
		removeDB(tmp)
		return nil, mapOSError(err)
	}
	return OpenCell(ctx, dataDir, p.Code, passphrase)
}

func removeDB(path string) {
	for _, s := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + s)
	}
}

func mapOSError(err error) error {
	if err == nil {
		return nil
	}
	if isNoSpace(err) {
		return fmt.Errorf("%w: %v", ErrDiskFull, err)
	}
	return fmt.Errorf("%w: %v", ErrDiskIO, err)
}

// OpenCell checks and unlocks a cell: the integrity check first, then the passphrase (after
// repeated failures an attempt is refused until a delay has passed), then a backup copy and the
// migrations when the file is older than this program.
func OpenCell(ctx context.Context, dataDir, code, passphrase string) (*Cell, error) {
	path := CellPath(dataDir, code)
	if !fileExists(path) {
		return nil, ErrNoSuchCell
	}
	damaged := func(detail string) error {
		return &DamagedError{Path: path, Detail: detail, NewestBackup: NewestBackup(dataDir, code)}
	}
	db, err := openDB(path, false)
	if err != nil {
		if isDamage(err) {
			return nil, damaged(err.Error())
		}
		return nil, mapDiskError(err)
	}
	c := &Cell{db: db, path: path, dataDir: dataDir}
	fail := func(err error) (*Cell, error) {
		db.Close()
		var de *DamagedError
		if errors.As(err, &de) {
			de.NewestBackup = NewestBackup(dataDir, code)
		}
		return nil, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return fail(mapOSError(err))
	}
	v, err := userVersion(ctx, db)
	if err != nil {
		return fail(damaged(err.Error()))
	}
	background := st.Size() > syncCheckLimit && v == SchemaVersion()
	if !background {
		if err := checkIntegrity(ctx, db, path, false); err != nil {
			return fail(err)
		}
	}
	meta, err := c.readMeta(ctx)
	if err != nil {
		return fail(damaged(err.Error()))
	}
	if meta["kind"] != "cell" || meta["kdf"] == "" || meta["data_key"] == "" {
		return fail(damaged("no cell profile in the file"))
	}
	failures, _ := strconv.Atoi(meta["unlock_failures"])
	last, _ := time.Parse(time.RFC3339Nano, meta["unlock_last_failure"])
	if wait := unlockDelay(failures) - now().Sub(last); wait > 0 && failures >= 3 {
		return fail(&WaitError{Wait: wait})
	}
	dek, err := unwrapKey(passphrase, meta["kdf"], meta["data_key"])
	if errors.Is(err, ErrWrongPassphrase) {
		c.setMeta(ctx, map[string]string{
			"unlock_failures":     strconv.Itoa(failures + 1),
			"unlock_last_failure": now().UTC().Format(time.RFC3339Nano),
		})
		return fail(err)
	}
	if err != nil {
		return fail(damaged(err.Error()))
	}
	c.dek = dek
	if failures > 0 {
		if err := c.setMeta(ctx, map[string]string{"unlock_failures": "0"}); err != nil {
			return fail(err)
		}
	}
	if err := migrate(ctx, db, func(from int) error {
		_, err := c.backup(ctx, fmt.Sprintf("v%d", from))
		return err
	}); err != nil {
		return fail(mapDiskError(err))
	}
	if meta, err = c.readMeta(ctx); err != nil {
		return fail(err)
	}
	for _, k := range profileKeys {
		*k.get(&c.profile) = meta[k.key]
	}
	c.actor, c.code = c.profile.Secretary, c.profile.Code
	// A cell made before signing keys existed gets its first one now.
	if err := c.ensureSigningKey(ctx); err != nil {
		return fail(mapDiskError(err))
	}
	if background {
		c.startBackgroundCheck()
	} else if err := c.dailyBackup(ctx, c.db); err != nil {
		return fail(err)
	}
	return c, nil
}

// startBackgroundCheck runs the integrity check and then the daily backup on a connection of
// their own.
func (c *Cell) startBackgroundCheck() {
	ctx, cancel := context.WithCancel(context.Background())
	c.checkDone, c.checkCancel = make(chan struct{}), cancel
	go func() {
		defer close(c.checkDone)
		db, err := openDB(c.path, false)
		if err != nil {
			c.checkErr = mapDiskError(err)
			return
		}
		defer db.Close()
		if err := checkIntegrity(ctx, db, c.path, false); err != nil {
			var de *DamagedError
			if errors.As(err, &de) {
				de.NewestBackup = NewestBackup(c.dataDir, c.code)
			}
			if ctx.Err() == nil {
				c.checkErr = err
			}
			return
		}
		if err := c.dailyBackup(ctx, db); err != nil && ctx.Err() == nil {
			log.Printf("chibo: daily backup of %s: %v", c.path, err)
		}
	}()
}

// Checked waits for the integrity check of the opened file and returns its verdict: nil, or a
// *DamagedError naming the newest backup. For a small file the check ran inside OpenCell, and
// Checked returns at once.
func (c *Cell) Checked(ctx context.Context) error {
	if c.checkDone == nil {
		return nil
	}
	select {
	case <-c.checkDone:
		return c.checkErr
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close closes the cell's database and forgets its key.
func (c *Cell) Close() error {
	if c.checkCancel != nil {
		c.checkCancel()
		<-c.checkDone
	}
	// Close the database first: a save still running must finish with the real key.
	err := c.db.Close()
	for i := range c.dek {
		c.dek[i] = 0
	}
	return err
}

// Profile returns the cell's profile.
func (c *Cell) Profile() Profile {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.profile
}

// Path returns the cell's database file.
func (c *Cell) Path() string { return c.path }

// SetActor names the person at the keyboard; the change history records it with every change.
func (c *Cell) SetActor(name string) {
	if n := vntext.NFC(name); n != "" {
		c.mu.Lock()
		c.actor = n
		c.mu.Unlock()
	}
}

// Actor returns the name the change history records.
func (c *Cell) Actor() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.actor == "" {
		return c.code
	}
	return c.actor
}

// UpdateProfile changes the cell's name, receiving office, place or secretary. The code cannot
// change: it names the file and, later, the cell's bundles.
func (c *Cell) UpdateProfile(ctx context.Context, p Profile) error {
	p.Code = c.code
	if err := p.Validate(); err != nil {
		return err
	}
	m := map[string]string{}
	for _, k := range profileKeys {
		m[k.key] = *k.get(&p)
	}
	if err := c.setMeta(ctx, m); err != nil {
		return err
	}
	c.mu.Lock()
	if c.actor == "" || c.actor == c.profile.Secretary {
		c.actor = p.Secretary // the secretary is the default person at the keyboard
	}
	c.profile = p
	c.mu.Unlock()
	return nil
}

func (c *Cell) readMeta(ctx context.Context) (map[string]string, error) {
	return readMeta(ctx, c.db)
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

func (c *Cell) setMeta(ctx context.Context, kv map[string]string) error {
	return c.withTx(ctx, func(tx *sql.Tx) error {
		for k, v := range kv {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO meta (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// CellSummary is one line of the start screen.
type CellSummary struct {
	Profile
	// Problem is set when the file could not be read; the start screen still lists the cell
	// so its secretary learns what happened.
	Problem error
}

// ListCells lists the cells under dataDir in Vietnamese order of their names. It needs no
// passphrase: a cell's profile is not secret.
func ListCells(ctx context.Context, dataDir string) ([]CellSummary, error) {
	entries, err := os.ReadDir(filepath.Join(dataDir, "cells"))
	if errors.Is(err, os.ErrNotExist) {
		return []CellSummary{}, nil
	}
	if err != nil {
		return nil, mapOSError(err)
	}
	out := []CellSummary{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".chibo") {
			continue
		}
		code := strings.TrimSuffix(name, ".chibo")
		s := CellSummary{Profile: Profile{Code: code}}
		s.Profile, s.Problem = readProfile(ctx, filepath.Join(dataDir, "cells", name))
		s.Code = code
		if s.Problem != nil {
			var de *DamagedError
			if errors.As(s.Problem, &de) {
				de.NewestBackup = NewestBackup(dataDir, code)
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

func readProfile(ctx context.Context, path string) (Profile, error) {
	var p Profile
	db, err := openDB(path, false)
	if err != nil {
		if isDamage(err) {
			return p, &DamagedError{Path: path, Detail: err.Error()}
		}
		return p, mapDiskError(err)
	}
	defer db.Close()
	meta, err := readMeta(ctx, db)
	if err != nil {
		return p, &DamagedError{Path: path, Detail: err.Error()}
	}
	for _, k := range profileKeys {
		*k.get(&p) = meta[k.key]
	}
	return p, nil
}
