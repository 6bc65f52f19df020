package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const testPass = "mật khẩu đúng"

var testProfile = Profile{
	Code:       "lungvai",
	Name:       "Chi bộ bản Lùng Vai",
	OfficeName: "Đảng ủy xã Mường Khương",
	Place:      "Mường Khương",
	Secretary:  "Giàng A Páo",
}

// newCell makes a real cell file in a temporary folder and checks its integrity when the test
// ends.
func newCell(t testing.TB) (*Cell, string) {
	t.Helper()
	dir := t.TempDir()
	c, err := CreateCell(context.Background(), dir, testProfile, testPass, WithKDF(FastKDF))
	if err != nil {
		t.Fatalf("CreateCell: %v", err)
	}
	path := c.Path()
	t.Cleanup(func() {
		c.Close()
		checkFile(t, path)
	})
	return c, dir
}

func TestCreateAndOpen(t *testing.T) {
	ctx := context.Background()
	c, dir := newCell(t)
	want := testProfile
	want.Code = "LUNGVAI"
	want.OfficeLevel = LevelCommune
	if diff := cmp.Diff(want, c.Profile()); diff != "" {
		t.Errorf("profile (-want +got):\n%s", diff)
	}
	c2, err := OpenCell(ctx, dir, "LungVai", testPass)
	if err != nil {
		t.Fatalf("OpenCell with the right passphrase: %v", err)
	}
	c2.Close()
	if _, err := CreateCell(ctx, dir, testProfile, testPass, WithKDF(FastKDF)); !errors.Is(err, ErrCellExists) {
		t.Errorf("second CreateCell with the same code: got %v, want ErrCellExists", err)
	}
	cells, err := ListCells(ctx, dir)
	if err != nil || len(cells) != 1 || cells[0].Name != "Chi bộ bản Lùng Vai" || cells[0].Problem != nil {
		t.Errorf("ListCells = %+v, %v; want the one cell", cells, err)
	}
}

func TestProfileRefusals(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*Profile)
		field  string
		passwd string
	}{
		{"code with accents", func(p *Profile) { p.Code = "LÙNG VAI" }, "code", testPass},
		{"no name", func(p *Profile) { p.Name = "  " }, "name", testPass},
		{"no office", func(p *Profile) { p.OfficeName = "" }, "office_name", testPass},
		{"unknown level", func(p *Profile) { p.OfficeLevel = "district" }, "office_level", testPass},
		{"no place", func(p *Profile) { p.Place = "" }, "place", testPass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := testProfile
			tt.edit(&p)
			_, err := CreateCell(context.Background(), dir, p, tt.passwd, WithKDF(FastKDF))
			var ve *ValidationError
			if !errors.As(err, &ve) || !ve.Has(tt.field) {
				t.Fatalf("CreateCell = %v, want a refusal of %s", err, tt.field)
			}
			if entries, _ := os.ReadDir(filepath.Join(dir, "cells")); len(entries) != 0 {
				t.Errorf("a refused cell left files: %v", entries)
			}
		})
	}
	if _, err := CreateCell(context.Background(), t.TempDir(), testProfile, "12345", WithKDF(FastKDF)); !errors.Is(err, ErrPassphraseTooShort) {
		t.Errorf("short passphrase: got %v", err)
	}
}

func TestWrongPassphraseSlowsDown(t *testing.T) {
	ctx := context.Background()
	c, dir := newCell(t)
	c.Close()
	clock := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	now = func() time.Time { return clock }
	defer func() { now = time.Now }()
	for i := 1; i <= 3; i++ {
		if _, err := OpenCell(ctx, dir, "LUNGVAI", "sai mật khẩu"); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("attempt %d: got %v, want ErrWrongPassphrase", i, err)
		}
	}
	// After three failures even the right passphrase must wait.
	_, err := OpenCell(ctx, dir, "LUNGVAI", testPass)
	var we *WaitError
	if !errors.As(err, &we) || we.Wait <= 0 || we.Wait > 5*time.Second {
		t.Fatalf("fourth attempt right away: got %v, want a wait of up to 5 s", err)
	}
	clock = clock.Add(6 * time.Second)
	if _, err := OpenCell(ctx, dir, "LUNGVAI", "sai"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("fourth wrong attempt after the wait: %v", err)
	}
	_, err = OpenCell(ctx, dir, "LUNGVAI", testPass)
	if !errors.As(err, &we) || we.Wait <= 5*time.Second {
		t.Fatalf("after four failures: got %v, want a longer wait", err)
	}
	clock = clock.Add(11 * time.Second)
	c2, err := OpenCell(ctx, dir, "LUNGVAI", testPass)
	if err != nil {
		t.Fatalf("right passphrase after the wait: %v", err)
	}
	defer c2.Close()
	m, _ := c2.readMeta(ctx)
	if m["unlock_failures"] != "0" {
		t.Errorf("failures after success = %q, want 0", m["unlock_failures"])
	}
}

func TestPassphraseIsNotStored(t *testing.T) {
	c, _ := newCell(t)
	c.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	b, err := os.ReadFile(c.Path())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), testPass) {
		t.Error("the passphrase appears in the cell's file")
	}
}

func TestDamagedFileNamesBackup(t *testing.T) {
	ctx := context.Background()
	c, dir := newCell(t)
	if _, err := c.AddMember(ctx, sampleMember()); err != nil {
		t.Fatal(err)
	}
	backup, err := c.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	path := c.Path()
	c.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	c.Close()
	// Overwrite the middle of the file, where the tables live.
	b, _ := os.ReadFile(path)
	for i := 4096; i < len(b) && i < 4096*3; i++ {
		b[i] = 0xA5
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = OpenCell(ctx, dir, "LUNGVAI", testPass)
	var de *DamagedError
	if !errors.As(err, &de) {
		t.Fatalf("OpenCell on a damaged file = %v, want *DamagedError", err)
	}
	if de.NewestBackup != backup {
		t.Errorf("NewestBackup = %q, want %q", de.NewestBackup, backup)
	}
	// The damaged file must still be there, not replaced by an empty database.
	if after, _ := os.ReadFile(path); len(after) != len(b) {
		t.Errorf("the damaged file changed size: %d → %d", len(b), len(after))
	}
	cells, _ := ListCells(ctx, dir)
	if len(cells) != 1 || cells[0].Problem == nil {
		t.Errorf("ListCells should list the damaged cell with its problem: %+v", cells)
	}
	// Restoring the backup brings the member back.
	if res, err := RestoreBackup(ctx, dir, "LUNGVAI", backup, testPass); err != nil || res.Exchanged {
		t.Fatalf("RestoreBackup: %+v, %v; want a copy that never exchanged", res, err)
	}
	c2, err := OpenCell(ctx, dir, "LUNGVAI", testPass)
	if err != nil {
		t.Fatalf("open after restore: %v", err)
	}
	defer c2.Close()
	ms, _ := c2.ListMembers(ctx)
	if len(ms) != 1 {
		t.Errorf("members after restore = %d, want 1", len(ms))
	}
}

func TestNotADatabase(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "cells"), 0o700)
	os.WriteFile(CellPath(dir, "X"), []byte("this is not sqlite, just text that someone saved here"), 0o600)
	_, err := OpenCell(context.Background(), dir, "X", testPass)
	var de *DamagedError
	if !errors.As(err, &de) {
		t.Fatalf("got %v, want *DamagedError", err)
	}
}

func TestMissingCellIsNotCreated(t *testing.T) {
	dir := t.TempDir()
	if _, err := OpenCell(context.Background(), dir, "NONE", testPass); !errors.Is(err, ErrNoSuchCell) {
		t.Fatalf("got %v, want ErrNoSuchCell", err)
	}
	if _, err := os.Stat(CellPath(dir, "NONE")); !os.IsNotExist(err) {
		t.Error("opening a missing cell created a file")
	}
}

func TestMigrationsFromZero(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.chibo")
	db, err := openDB(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, func(int) error { t.Error("backup asked for on a new file"); return nil }); err != nil {
		t.Fatal(err)
	}
	v, _ := userVersion(ctx, db)
	if v != len(ms) || v != SchemaVersion() {
		t.Errorf("user_version = %d, want %d", v, len(ms))
	}
	if err := checkIntegrity(ctx, db, path, true); err != nil {
		t.Error(err)
	}
	// Running again is a no-op.
	if err := migrate(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationTakesBackupFirst(t *testing.T) {
	ctx := context.Background()
	c, dir := newCell(t)
	if _, err := c.AddMember(ctx, sampleMember()); err != nil {
		t.Fatal(err)
	}
	// Turn the file back into one written at schema 1, before meetings and bundles existed.
	for _, q := range []string{`DROP TABLE sync_notes`, `DROP TABLE sync_office`, `DROP TABLE sync_receipts`,
		`DROP TABLE sync_acked`, `DROP TABLE sync_sent`, `DROP TABLE sync_bundles`, `DROP TABLE sync_state`,
		`DROP TABLE sync_keys`, `DROP TABLE chain`, `DROP TABLE meetings`, `PRAGMA user_version = 1`} {
		if _, err := c.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	os.RemoveAll(BackupDir(dir, "LUNGVAI"))
	c2, err := OpenCell(ctx, dir, "LUNGVAI", testPass)
	if err != nil {
		t.Fatalf("open a schema-1 file: %v", err)
	}
	defer c2.Close()
	if v, _ := userVersion(ctx, c2.db); v != SchemaVersion() {
		t.Errorf("schema after opening = %d, want %d", v, SchemaVersion())
	}
	files := backupFiles(BackupDir(dir, "LUNGVAI"))
	var v1 string
	for _, f := range files {
		if strings.HasSuffix(f, "-v1.chibo") {
			v1 = f
		}
	}
	if v1 == "" {
		t.Fatalf("no backup taken before migrating: %v", files)
	}
	db, err := openDB(v1, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _ := userVersion(ctx, db); v != 1 {
		t.Errorf("the backup is at schema %d, want 1 (taken before migrating)", v)
	}
	var n int
	db.QueryRow(`SELECT count(*) FROM members`).Scan(&n)
	if n != 1 {
		t.Errorf("the backup holds %d members, want 1", n)
	}
}

func TestTooNewFile(t *testing.T) {
	ctx := context.Background()
	c, dir := newCell(t)
	c.db.Exec(`PRAGMA user_version = 999`)
	c.Close()
	_, err := OpenCell(ctx, dir, "LUNGVAI", testPass)
	var tn *TooNewError
	if !errors.As(err, &tn) {
		t.Fatalf("got %v, want *TooNewError", err)
	}
	db, _ := openDB(CellPath(dir, "LUNGVAI"), false)
	db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, SchemaVersion()))
	db.Close()
}

func TestDailyBackup(t *testing.T) {
	ctx := context.Background()
	c, dir := newCell(t)
	c.Close()
	first := NewestBackup(dir, "LUNGVAI")
	if first == "" {
		t.Fatal("no backup after the first opening")
	}
	c2, _ := OpenCell(ctx, dir, "LUNGVAI", testPass)
	c2.Close()
	if got := NewestBackup(dir, "LUNGVAI"); got != first {
		t.Errorf("a second opening the same day made another backup: %s", got)
	}
	files := backupFiles(BackupDir(dir, "LUNGVAI"))
	if len(files) != 1 {
		t.Errorf("backups = %v", files)
	}
	_ = cmpopts.EquateEmpty()
}

// checkFile runs the integrity and foreign-key checks on a cell file after a test changed it.
func checkFile(t testing.TB, path string) {
	t.Helper()
	db, err := openDB(path, false)
	if err != nil {
		t.Errorf("reopen %s after test: %v", path, err)
		return
	}
	defer db.Close()
	if err := checkIntegrity(context.Background(), db, path, true); err != nil {
		t.Errorf("integrity after test: %v", err)
	}
}

func TestBackgroundCheckOfLargeFile(t *testing.T) {
	ctx := context.Background()
	defer func(v int64) { syncCheckLimit = v }(syncCheckLimit)
	c, dir := newCell(t)
	if _, err := c.AddMember(ctx, sampleMember()); err != nil {
		t.Fatal(err)
	}
	c.Close()
	syncCheckLimit = 0 // every file counts as large
	os.RemoveAll(BackupDir(dir, "LUNGVAI"))
	c2, err := OpenCell(ctx, dir, "LUNGVAI", testPass)
	if err != nil {
		t.Fatal(err)
	}
	if err := c2.Checked(ctx); err != nil {
		t.Fatalf("Checked on a sound file: %v", err)
	}
	if NewestBackup(dir, "LUNGVAI") == "" {
		t.Error("no daily backup after the background check")
	}
	c2.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	c2.Close()
	path := CellPath(dir, "LUNGVAI")
	good, _ := os.ReadFile(path)
	b := append([]byte(nil), good...)
	for i := 4096 * 4; i < len(b) && i < 4096*6; i++ {
		b[i] = 0x5A
	}
	os.WriteFile(path, b, 0o600)
	c3, err := OpenCell(ctx, dir, "LUNGVAI", testPass)
	var de *DamagedError
	if err == nil {
		err = c3.Checked(ctx)
		if _, werr := c3.AddMember(ctx, sampleMember()); !errors.As(werr, &de) {
			t.Errorf("a write to a damaged file was not refused: %v", werr)
		}
		c3.Close()
	}
	if !errors.As(err, &de) || de.NewestBackup == "" {
		t.Errorf("damaged large file: got %v, want *DamagedError naming a backup", err)
	}
	os.WriteFile(path, good, 0o600) // for the integrity check at the end of the test
}
