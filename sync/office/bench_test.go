package office

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/uuid"

	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/office/officetest"
	"chibo/sync/payload"
)

// Benchmark fixtures: benchCells cells, each with a year bundle of benchMembers members (with
// their events) and benchMeetings approved meetings with their chain entries and one minutes
// PDF each. The records are copies of the demo cell's with fresh ids; the PDFs are placeholder
// bytes of benchPDFSize.
const (
	benchCells    = 300
	benchMembers  = 60
	benchMeetings = 12
	benchPDFSize  = 8 << 10
)

type benchFixture struct {
	dir     string
	paths   []string
	sources []*officetest.Source
}

var (
	benchOnce sync.Once
	benchFix  *benchFixture
)

// yearSource makes one cell's records from the demo's, under a new code.
func yearSource(t testing.TB, demo *officetest.Source, code string) *officetest.Source {
	s := renamed(t, demo, code)
	s.Members, s.Events, s.Meetings, s.Chain = nil, nil, nil, nil
	for i := 0; len(s.Members) < benchMembers; i++ {
		var m store.Member
		json.Unmarshal(demo.Members[i%len(demo.Members)].Data, &m)
		old := m.ID
		m.ID = uuid.NewString()
		r, _ := payload.NewRecord(m.ID, m.Version, false, m)
		s.Members = append(s.Members, r)
		for _, er := range demo.Events {
			var e store.Event
			json.Unmarshal(er.Data, &e)
			if e.MemberID == old {
				e.ID, e.MemberID = uuid.NewString(), m.ID
				r, _ := payload.NewRecord(e.ID, e.Version, false, e)
				s.Events = append(s.Events, r)
			}
		}
	}
	prev := ""
	for i := 0; i < benchMeetings; i++ {
		var m store.Meeting
		json.Unmarshal(demo.Meetings[len(demo.Meetings)-benchMeetings+i].Data, &m)
		m.ID, m.CorrectsID = uuid.NewString(), ""
		m.RecordHash, _ = store.MeetingRecordHash(m)
		r, _ := payload.NewRecord(m.ID, m.Version, false, m)
		s.Meetings = append(s.Meetings, r)
		e := payload.ChainEntry{Seq: i + 1, RecordType: payload.KindMeeting, RecordID: m.ID, RecordHash: m.RecordHash,
			PrevHash: prev, At: "2026-11-30T08:00:00Z"}
		e.EntryHash = store.EntryHash(e.Seq, e.PrevHash, e.RecordType, e.RecordID, e.RecordHash)
		prev = e.EntryHash
		s.Chain = append(s.Chain, e)
	}
	return s
}

func yearBundle(s *officetest.Source) (*payload.Records, map[string][]byte) {
	r := s.Full()
	pdfs := map[string][]byte{}
	for i, m := range s.Meetings {
		p := fmt.Sprintf("pdf/bb-%02d.pdf", i+1)
		content := bytes.Repeat([]byte(fmt.Sprintf("%%PDF-1.4 placeholder %s %d\n", s.Cell.Code, i)), benchPDFSize/40)
		pdfs[p] = content
		r.Documents = append(r.Documents, payload.Document{Path: p, MeetingID: m.ID, Kind: "minutes", Title: "Biên bản"})
	}
	return r, pdfs
}

func fixture(b *testing.B) *benchFixture {
	benchOnce.Do(func() {
		demo := source(b)
		dir, err := os.MkdirTemp("", "chibo-office-bench-")
		if err != nil {
			b.Fatal(err)
		}
		f := &benchFixture{dir: dir}
		for i := 0; i < benchCells; i++ {
			s := yearSource(b, demo, fmt.Sprintf("CB%03d", i))
			r, pdfs := yearBundle(s)
			p, err := s.Next(dir, r, officetest.Options{PDFs: pdfs})
			if err != nil {
				b.Fatal(err)
			}
			f.paths = append(f.paths, p)
			f.sources = append(f.sources, s)
		}
		benchFix = f
	})
	return benchFix
}

// BenchmarkImport300Cells imports 300 cells' year bundles into one new office; enrolment and
// the fixtures are outside the timed part.
func BenchmarkImport300Cells(b *testing.B) {
	f := fixture(b)
	ctx := context.Background()
	var rows int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		o, err := Create(ctx, b.TempDir(), Profile{Code: "XMK", Name: "Đảng ủy xã Mường Khương"}, testPass, store.WithKDF(store.FastKDF))
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range f.sources {
			enroll(b, o, s)
		}
		b.StartTimer()
		rs := o.Import(ctx, f.paths, nil)
		b.StopTimer()
		rows = 0
		for _, r := range rs {
			if r.Outcome != OutcomeImported || r.ReceiptErr != nil {
				b.Fatalf("%s: %s %v %v", r.File, r.Outcome, r.Err, r.ReceiptErr)
			}
			rows += r.Counts.Members + r.Counts.Events + r.Counts.Meetings + r.Counts.Documents
		}
		o.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/benchCells, "ms/bundle")
	b.ReportMetric(float64(rows), "rows/op")
}

// BenchmarkBareInsert writes the same rows as BenchmarkImport300Cells into a bare SQLite file
// with the same settings (WAL, synchronous FULL), one transaction per bundle, without any
// check, lookup or signature: the floor an import cannot go below.
func BenchmarkBareInsert(b *testing.B) {
	f := fixture(b)
	type bundleRows struct {
		recs *payload.Records
		pdfs map[string][]byte
	}
	var all []bundleRows
	for _, s := range f.sources {
		r, pdfs := yearBundle(s)
		all = append(all, bundleRows{r, pdfs})
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := openDB(filepath.Join(b.TempDir(), "bare.db"), true)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(`
			CREATE TABLE records (cell TEXT, kind TEXT, id TEXT, version INTEGER, hash TEXT, deleted INTEGER, data TEXT);
			CREATE TABLE chain (cell TEXT, seq INTEGER, record_id TEXT, record_hash TEXT, prev_hash TEXT, entry_hash TEXT);
			CREATE TABLE documents (cell TEXT, path TEXT, pdf BLOB)`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, br := range all {
			if err := bareInsert(db, br.recs, br.pdfs); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/benchCells, "ms/bundle")
}

func bareInsert(db *sql.DB, r *payload.Records, pdfs map[string][]byte) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, set := range []struct {
		kind string
		recs []payload.Record
	}{{"member", r.Members}, {"event", r.Events}, {"meeting", r.Meetings}} {
		for _, rec := range set.recs {
			if _, err := tx.Exec(`INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?)`,
				r.Cell.Code, set.kind, rec.ID, rec.Version, rec.Hash, rec.Deleted, string(rec.Data)); err != nil {
				return err
			}
		}
	}
	for _, e := range r.Chain {
		if _, err := tx.Exec(`INSERT INTO chain VALUES (?, ?, ?, ?, ?, ?)`, r.Cell.Code, e.Seq, e.RecordID, e.RecordHash, e.PrevHash, e.EntryHash); err != nil {
			return err
		}
	}
	for _, d := range r.Documents {
		if _, err := tx.Exec(`INSERT INTO documents VALUES (?, ?, ?)`, r.Cell.Code, d.Path, pdfs[d.Path]); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// BenchmarkVerify reads and verifies one year bundle (container, inflate, CRCs, manifest,
// signature, every file's SHA-256), as VerifyFile with a key does, from memory.
func BenchmarkVerify(b *testing.B) {
	f := fixture(b)
	data, _ := os.ReadFile(f.paths[0])
	key := f.sources[0].Key.Public
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		bd, err := bundle.Read(bytes.NewReader(data), int64(len(data)), bundle.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		if err := bd.Verify(key); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyRaw is the raw cost of the same guarantee's cryptography: SHA-256 over the
// same bundle's uncompressed files (what Verify hashes) and one Ed25519 verification.
func BenchmarkVerifyRaw(b *testing.B) {
	f := fixture(b)
	data, _ := os.ReadFile(f.paths[0])
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var contents [][]byte
	for _, e := range zr.File {
		rc, _ := e.Open()
		c, _ := io.ReadAll(rc)
		rc.Close()
		contents = append(contents, c)
	}
	pub, priv, _ := ed25519.GenerateKey(nil)
	msg := contents[0]
	sig := ed25519.Sign(priv, msg)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range contents {
			sha256.Sum256(c)
		}
		if !ed25519.Verify(pub, msg, sig) {
			b.Fatal("verify")
		}
	}
}
