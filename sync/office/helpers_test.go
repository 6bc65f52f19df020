package office

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"chibo/demo"
	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/office/officetest"
	"chibo/sync/payload"
)

const testPass = "mật khẩu văn phòng"

// demoDay is the day the demo cell is made as of; the store refuses days after its clock.
var demoDay = store.NewDate(2026, 11, 28)

var (
	demoOnce sync.Once
	demoSrc  *officetest.Source
	demoErr  error
)

// source returns the records of a demo cell (made once per test binary) with a fresh key and
// no bundle written yet.
func source(t testing.TB) *officetest.Source {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "chibo-office-demo-")
		if err != nil {
			demoErr = err
			return
		}
		defer os.RemoveAll(dir)
		day := demoDay
		if day.After(store.Today()) {
			day = store.Today()
		}
		c, err := demo.Create(context.Background(), dir, "LUNGVAI", "mật khẩu chi bộ", day, store.WithKDF(store.FastKDF))
		if err != nil {
			demoErr = err
			return
		}
		defer c.Close()
		demoSrc, demoErr = officetest.FromCell(context.Background(), c)
	})
	if demoErr != nil {
		t.Fatalf("demo cell: %v", demoErr)
	}
	s := *demoSrc
	k, err := bundle.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	s.Key = k
	return &s
}

// renamed returns a copy of src as the cell with another code (its own key).
func renamed(t testing.TB, src *officetest.Source, code string) *officetest.Source {
	s := *src
	s.Cell.Code = code
	k, err := bundle.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	s.Key, s.Seq, s.Prev = k, 0, ""
	return &s
}

func newOffice(t testing.TB) *Office {
	t.Helper()
	o, err := Create(context.Background(), t.TempDir(), Profile{Code: "XMK", Name: "Đảng ủy xã Mường Khương"},
		testPass, store.WithKDF(store.FastKDF))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() {
		checkIntegrity(t, o)
		o.Close()
	})
	return o
}

func checkIntegrity(t testing.TB, o *Office) {
	t.Helper()
	var s string
	if err := o.db.QueryRow(`PRAGMA integrity_check`).Scan(&s); err != nil || s != "ok" {
		t.Errorf("integrity_check: %q %v", s, err)
	}
	rows, err := o.db.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Errorf("foreign_key_check found a problem")
	}
}

func enroll(t testing.TB, o *Office, s *officetest.Source) {
	t.Helper()
	if _, err := o.Enroll(context.Background(), EnrollRequest{Cell: s.Cell.Code, Name: s.Cell.Name, Key: s.Key.Public}); err != nil {
		t.Fatalf("Enroll %s: %v", s.Cell.Code, err)
	}
}

// dump returns every row of every table, for comparing the database before and after.
func dump(t testing.TB, o *Office) string {
	t.Helper()
	var b strings.Builder
	var v int
	o.db.QueryRow(`PRAGMA user_version`).Scan(&v)
	fmt.Fprintf(&b, "user_version %d\n", v)
	rows, err := o.db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	for _, tb := range tables {
		fmt.Fprintf(&b, "table %s\n", tb)
		rows, err := o.db.Query(`SELECT * FROM "` + tb + `" ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%q\n", fmt.Sprint(vals...))
		}
		rows.Close()
	}
	return b.String()
}

// importOne imports one file and returns its result.
func importOne(t testing.TB, o *Office, path string) Result {
	t.Helper()
	rs := o.Import(context.Background(), []string{path}, nil)
	if len(rs) != 1 {
		t.Fatalf("Import returned %d results", len(rs))
	}
	return rs[0]
}

func mustImport(t testing.TB, o *Office, path string) Result {
	t.Helper()
	r := importOne(t, o, path)
	if r.Outcome != OutcomeImported {
		t.Fatalf("import %s: %s %v", filepath.Base(path), r.Outcome, r.Err)
	}
	return r
}

func next(t testing.TB, s *officetest.Source, dir string, r *payload.Records, o officetest.Options) string {
	t.Helper()
	p, err := s.Next(dir, r, o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// entry is one zip entry for rezip.
type entry struct {
	name string
	data []byte
}

// entries reads the entries of a valid bundle in their order.
func entries(t testing.TB, b []byte) []entry {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []entry
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		d, _ := io.ReadAll(rc)
		rc.Close()
		out = append(out, entry{f.Name, d})
	}
	return out
}

// rezip writes entries in the bundle format's strict container layout (fixed headers), so
// that a reader gets past the layout check to the check under test.
func rezip(t testing.TB, es []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range es {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, ModifiedDate: 1<<5 | 1}
		h.SetMode(0o644)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMain removes the benchmark fixtures, which outlive any one benchmark.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchFix != nil {
		os.RemoveAll(benchFix.dir)
	}
	os.Exit(code)
}
