// Package store owns a cell's database: one SQLite file per cell profile, its schema and
// migrations, the passphrase that unlocks it, and every read and write of its records.
//
// A Cell is safe for concurrent use: it holds a single connection, so writes are serialised
// and each write transaction takes SQLite's lock up front (BEGIN IMMEDIATE).
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// now is the clock; tests replace it.
var now = time.Now

// openDB opens path with the settings every connection needs. create allows a missing file
// to be created; otherwise a missing file is an error, never a silent new empty database.
func openDB(path string, create bool) (*sql.DB, error) {
	mode := "rw"
	if create {
		mode = "rwc"
	}
	q := url.Values{}
	q.Set("mode", mode)
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	var jm string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&jm); err != nil {
		db.Close()
		return nil, err
	}
	if jm != "wal" {
		db.Close()
		return nil, fmt.Errorf("store: journal mode is %q, want wal", jm)
	}
	return db, nil
}

// isDamage reports whether err means the file is not a readable SQLite database.
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

// checkIntegrity runs SQLite's quick check and the foreign-key check. It returns a
// *DamagedError when the file is damaged.
func checkIntegrity(ctx context.Context, db *sql.DB, path string, full bool) error {
	pragma := `PRAGMA quick_check`
	if full {
		pragma = `PRAGMA integrity_check`
	}
	rows, err := db.QueryContext(ctx, pragma)
	if err != nil {
		if isDamage(err) {
			return &DamagedError{Path: path, Detail: err.Error()}
		}
		return err
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return &DamagedError{Path: path, Detail: err.Error()}
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Close(); err != nil {
		return &DamagedError{Path: path, Detail: err.Error()}
	}
	if err := rows.Err(); err != nil {
		return &DamagedError{Path: path, Detail: err.Error()}
	}
	if len(problems) > 0 {
		return &DamagedError{Path: path, Detail: strings.Join(problems, "; ")}
	}
	fk, err := db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return &DamagedError{Path: path, Detail: err.Error()}
	}
	defer fk.Close()
	if fk.Next() {
		return &DamagedError{Path: path, Detail: "foreign key check failed"}
	}
	return fk.Err()
}

// CheckIntegrity runs the full integrity and foreign-key checks on the open cell. Tests run it
// after every mutation; the window offers it as "check the data file".
func (c *Cell) CheckIntegrity(ctx context.Context) error {
	return checkIntegrity(ctx, c.db, c.path, true)
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) { return migrationsIn(migrationFiles) }

// migrationsIn reads the numbered files NNNN_name.sql of fsys's folder "migrations".
func migrationsIn(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("store: migration file %q is not named NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(fsys, "migrations/"+e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("store: migrations are not numbered 1, 2, 3 …: %q", m.name)
		}
	}
	return ms, nil
}

// SchemaVersion is the schema version this program writes.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

func userVersion(ctx context.Context, db *sql.DB) (int, error) {
	var v int
	err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
	return v, err
}

// migrate brings db forward to the newest schema, one transaction per migration. before is
// called once, before the first migration runs on a file that already had a schema, so the
// caller can take a backup copy.
func migrate(ctx context.Context, db *sql.DB, before func(from int) error) error {
	return migrateWith(ctx, db, migrationFiles, before)
}

// Migrate brings db forward with the numbered files of fsys's folder "migrations"
// (0001_name.sql, 0002_…), as the cells' own schema is: one transaction each, user_version
// set in the same transaction, before called once before the first migration of a file that
// already had a schema, and a file newer than the program refused with *TooNewError. The
// office profile uses it for its own schema.
func Migrate(ctx context.Context, db *sql.DB, fsys fs.FS, before func(from int) error) error {
	return migrateWith(ctx, db, fsys, before)
}

// OpenDB opens the SQLite file at path with the settings every connection of the program
// uses (WAL read back and checked, busy timeout, foreign keys, synchronous FULL, one
// connection, IMMEDIATE write transactions). create allows a missing file to be created;
// otherwise a missing file is an error, never a silent new empty database.
func OpenDB(path string, create bool) (*sql.DB, error) { return openDB(path, create) }

func migrateWith(ctx context.Context, db *sql.DB, fsys fs.FS, before func(from int) error) error {
	ms, err := migrationsIn(fsys)
	if err != nil {
		return err
	}
	cur, err := userVersion(ctx, db)
	if err != nil {
		return err
	}
	if cur > len(ms) {
		return &TooNewError{FileVersion: cur, ProgramVersion: len(ms)}
	}
	if cur < len(ms) && cur > 0 && before != nil {
		if err := before(cur); err != nil {
			return fmt.Errorf("store: backup before migration: %w", err)
		}
	}
	for _, m := range ms[cur:] {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, m.version)); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
	}
	return nil
}

// withTx runs fn in one write transaction and commits it, or rolls everything back when fn
// or the commit fails: a refused write leaves nothing half-saved.
func (c *Cell) withTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := c.Checked(ctx); err != nil {
		return err
	}
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return mapDiskError(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return mapDiskError(err)
	}
	return mapDiskError(tx.Commit())
}

// mapDiskError turns SQLite's full-disk and I/O failures into ErrDiskFull and ErrDiskIO so the
// window can say what to do.
func mapDiskError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("%w: %v", ErrDiskFull, err)
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY:
			return fmt.Errorf("%w: %v", ErrDiskIO, err)
		}
	}
	return err
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
