package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// keepBackups is how many backup copies of a cell are kept; older ones are removed.
const keepBackups = 14

const backupStamp = "20060102-150405"

// backup writes a consistent copy of the open cell into its backup folder with VACUUM INTO
// and returns its path. tag says why ("daily", "v1" before migrating from schema 1, …).
func (c *Cell) backup(ctx context.Context, tag string) (string, error) {
	return c.backupWith(ctx, c.db, tag)
}

func (c *Cell) backupWith(ctx context.Context, db *sql.DB, tag string) (string, error) {
	dir := BackupDir(c.dataDir, c.code)
	if c.code == "" {
		dir = filepath.Join(c.dataDir, "backups", strings.TrimSuffix(filepath.Base(c.path), ".chibo"))
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", mapOSError(err)
	}
	base := strings.TrimSuffix(filepath.Base(c.path), ".chibo")
	name := fmt.Sprintf("%s-%s-%s.chibo", base, now().UTC().Format(backupStamp), tag)
	dst := filepath.Join(dir, name)
	tmp := dst + ".tmp"
	os.Remove(tmp)
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return "", mapDiskError(err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return "", mapOSError(err)
	}
	pruneBackups(dir)
	return dst, nil
}

// Backup writes a backup copy of the cell now and returns its path.
func (c *Cell) Backup(ctx context.Context) (string, error) {
	return c.backup(ctx, "manual")
}

// dailyBackup copies the cell once a day, at the first opening, after the integrity check has
// passed, so the newest backup is always a good one.
func (c *Cell) dailyBackup(ctx context.Context, db *sql.DB) error {
	newest := NewestBackup(c.dataDir, c.code)
	if newest != "" {
		if st, err := os.Stat(newest); err == nil && now().Sub(st.ModTime()) < 24*time.Hour {
			return nil
		}
	}
	_, err := c.backupWith(ctx, db, "daily")
	return err
}

func backupFiles(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".chibo") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	// Names carry a sortable UTC time stamp after the code.
	sort.Strings(out)
	return out
}

func pruneBackups(dir string) {
	files := backupFiles(dir)
	for len(files) > keepBackups {
		os.Remove(files[0])
		files = files[1:]
	}
}

// NewestBackup returns the path of the newest backup copy of a cell, or "" when there is none.
func NewestBackup(dataDir, code string) string {
	files := backupFiles(BackupDir(dataDir, code))
	if len(files) == 0 {
		return ""
	}
	return files[len(files)-1]
}

// Restored describes a restore that succeeded.
type Restored struct {
	// Exchanged says the restored file has exported bundles or a pinned office. Its bundle
	// numbers may then be behind what the cell sent after the copy was made: before the next
	// export, the office's latest receipt should be read from the stick, so the numbering
	// catches up (see Cell.CatchUp).
	Exchanged bool
}

// RestoreBackup replaces a cell's file with a backup copy, after checking that the copy is a
// sound cell file with the same code. The replaced file is kept beside it (".replaced-…").
// The passphrase is the one the cell had when the copy was made.
func RestoreBackup(ctx context.Context, dataDir, code, backupPath, passphrase string) (Restored, error) {
	var res Restored
	code = NormalizeCode(code)
	db, err := openDB(backupPath, false)
	if err != nil {
		if isDamage(err) {
			return res, &DamagedError{Path: backupPath, Detail: err.Error()}
		}
		return res, mapDiskError(err)
	}
	err = checkIntegrity(ctx, db, backupPath, true)
	var meta map[string]string
	if err == nil {
		meta, err = readMeta(ctx, db)
	}
	if err == nil {
		res.Exchanged, err = hasExchanged(ctx, db)
	}
	db.Close()
	if err != nil {
		return res, err
	}
	if NormalizeCode(meta["code"]) != code {
		return res, &FieldError{Field: "file", Key: "err.restore.other_cell", Args: map[string]any{"Code": meta["code"]}}
	}
	if _, err := unwrapKey(passphrase, meta["kdf"], meta["data_key"]); err != nil {
		return res, err
	}
	path := CellPath(dataDir, code)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return res, mapOSError(err)
	}
	b, err := os.ReadFile(backupPath)
	if err != nil {
		return res, mapOSError(err)
	}
	tmp := path + ".restore"
	if err := writeFileSync(tmp, b); err != nil {
		os.Remove(tmp)
		return res, err
	}
	if fileExists(path) {
		old := fmt.Sprintf("%s.replaced-%s", path, now().UTC().Format(backupStamp))
		if err := os.Rename(path, old); err != nil {
			os.Remove(tmp)
			return res, mapOSError(err)
		}
		for _, s := range []string{"-wal", "-shm"} {
			os.Rename(path+s, old+s)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return res, mapOSError(err)
	}
	return res, nil
}

// hasExchanged reports whether a cell file has exported a bundle or pinned an office. A file
// older than the exchange (schema 2) has neither.
func hasExchanged(ctx context.Context, db *sql.DB) (bool, error) {
	var tables int
	if err := db.QueryRowContext(ctx, `
		SELECT count(*)
		FROM sqlite_master
		WHERE type = 'table' AND name IN ('sync_bundles', 'sync_office')`).Scan(&tables); err != nil {
		return false, err
	}
	if tables < 2 {
		return false, nil
	}
	var n int
	err := db.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM sync_bundles) + (SELECT count(*) FROM sync_office)`).Scan(&n)
	return n > 0, err
}

func writeFileSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return mapOSError(err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return mapOSError(err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return mapOSError(err)
	}
	return mapOSError(f.Close())
}

func isNoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC)
}

// BackupTo writes a backup copy of the cell into dir (a USB stick, say), under a name with the
// cell's code and the time, and returns its path. The copy is written under a temporary name,
// flushed and renamed, so a stick pulled out early leaves no file that looks complete.
func (c *Cell) BackupTo(ctx context.Context, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", mapOSError(err)
	}
	name := fmt.Sprintf("%s-%s.chibo", c.code, now().UTC().Format(backupStamp))
	dst := filepath.Join(dir, name)
	tmp := dst + ".tmp"
	os.Remove(tmp)
	if _, err := c.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return "", mapDiskError(err)
	}
	f, err := os.Open(tmp)
	if err == nil {
		err = f.Sync()
		f.Close()
	}
	if err != nil {
		os.Remove(tmp)
		return "", mapOSError(err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return "", mapOSError(err)
	}
	return dst, nil
}
