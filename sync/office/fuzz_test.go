package office

import (
	"bytes"
	"testing"

	"chibo/sync/bundle"
	"chibo/sync/office/officetest"
)

// FuzzImport imports mutated bundles into an office that has enrolled the cell: none may be
// accepted, none may panic, and the office database must stay as it was.
func FuzzImport(f *testing.F) {
	o := newOffice(f)
	s := source(f)
	enroll(f, o, s)
	// Small seeds: the fuzzer minimises every interesting input byte by byte.
	small := s.Upto(1, 1)
	small.Members, small.Events = small.Members[:2], small.Events[:2]
	clear, _, err := s.Bundle(small, officetest.Options{})
	if err != nil {
		f.Fatal(err)
	}
	sealed, _, err := s.Bundle(small, officetest.Options{Recipient: o.Recipient()})
	if err != nil {
		f.Fatal(err)
	}
	originals := [][]byte{clear, sealed}
	for _, b := range originals {
		f.Add(b)
		f.Add(b[:len(b)-3])
		flipped := bytes.Clone(b)
		flipped[len(b)/3] ^= 0x40
		f.Add(flipped)
	}
	es := entries(f, clear)
	f.Add(rezip(f, append(es, entry{"pdf/x.pdf", []byte("%PDF")})))
	f.Add(rezip(f, es[:len(es)-1]))
	dir := f.TempDir()
	before, changes, n := dump(f, o), totalChanges(f, o), 0
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, orig := range originals {
			if bytes.Equal(b, orig) {
				return
			}
		}
		path := writeFile(t, dir, bundle.FileName("LUNGVAI", 1), b)
		r := importOne(t, o, path)
		if r.Outcome != OutcomeRefused || ReasonOf(r.Err) == "" {
			t.Fatalf("mutant not refused with a reason: %s %v", r.Outcome, r.Err)
		}
		// total_changes counts every row this connection (the only writer) ever wrote: cheap
		// enough for every input. The full dump, slow under the fuzzer's instrumentation of
		// SQLite, runs every 500th input (and for every case of TestRefusals).
		if got := totalChanges(t, o); got != changes {
			t.Fatalf("a refused mutant wrote %d rows", got-changes)
		}
		if n++; n%500 == 0 {
			if after := dump(t, o); after != before {
				t.Fatalf("a refused mutant changed the office database")
			}
		}
	})
}

func totalChanges(t testing.TB, o *Office) int64 {
	var n int64
	if err := o.db.QueryRow(`SELECT total_changes()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
