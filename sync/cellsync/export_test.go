package cellsync

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"aead.dev/minisign"
	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite"

	"chibo/demo"
	"chibo/documents"
	"chibo/i18n"
	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/payload"
)

// TestExportVerifies: the first bundle of the demo cell verifies with the bundle reader and
// with the stock minisign, carries every member and event, every approved meeting (and no
// draft) with its papers, and the whole chain.
func TestExportVerifies(t *testing.T) {
	ctx := context.Background()
	c := demoCell(t, "LV")
	dir := t.TempDir()
	var calls, last, total int
	res := export(t, c, dir, Options{Progress: func(d, n int) { calls, last, total = calls+1, d, n }})
	if res.Seq != 1 || filepath.Base(res.Path) != "LV-000001.chibo-bundle" || res.Encrypted {
		t.Errorf("result %+v", res)
	}
	if calls < 3 || last != total {
		t.Errorf("progress called %d times, last %d of %d", calls, last, total)
	}
	if got := listDir(t, dir); len(got) != 1 {
		t.Errorf("folder holds %v, want the bundle only", got)
	}
	pub := must(c.PublicKey(ctx))
	b, rec := openBundle(t, res.Path, pub, nil)
	if b.Manifest.Seq != 1 || b.Manifest.PrevHash != "" || b.Manifest.SchemaVersion != store.SchemaVersion() || b.ManifestHash != res.ManifestHash {
		t.Errorf("manifest %+v", b.Manifest)
	}
	members := must(c.ListMembers(ctx))
	events := must(c.AllEvents(ctx))
	chain := must(c.Chain(ctx))
	n := approvedCount(t, c)
	if len(rec.Members) != len(members) || len(rec.Events) != len(events) || len(rec.Meetings) != n || len(rec.Chain) != len(chain) {
		t.Errorf("bundle 1 carries %d members, %d events, %d meetings, %d chain entries; want %d, %d, %d, %d",
			len(rec.Members), len(rec.Events), len(rec.Meetings), len(rec.Chain), len(members), len(events), n, len(chain))
	}
	if n == 0 || len(rec.Documents) < n || !rec.Full {
		t.Errorf("%d approved meetings, %d documents, full %v", n, len(rec.Documents), rec.Full)
	}
	for _, d := range rec.Documents {
		pdf, err := b.Open(d.Path, nil)
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("document %s: %v", d.Path, err)
		}
		if !strings.HasPrefix(d.Title, "Biên bản sinh hoạt chi bộ tháng ") && !strings.HasPrefix(d.Title, "Nghị quyết chi bộ tháng ") {
			t.Errorf("document title %q", d.Title)
		}
	}
	if len(b.Paths()) != len(rec.Documents)+1 {
		t.Errorf("bundle holds %d files, records.json lists %d documents", len(b.Paths()), len(rec.Documents))
	}
	// A paper in the bundle is the paper `chibo minutes print` makes (the same bytes).
	d := rec.Documents[0]
	m := must(c.GetMeeting(ctx, d.MeetingID))
	var want bytes.Buffer
	print := documents.Minutes
	if d.Kind == "resolution" {
		print = documents.Resolution
	}
	if err := print(&want, c.Profile(), m, documents.Options{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Open(d.Path, nil); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("%s differs from the printed paper", d.Path)
	}

	// The stock minisign verifies the manifest with the public key file.
	if _, err := exec.LookPath("minisign"); err != nil {
		t.Skip("minisign not installed")
	}
	tmp := t.TempDir()
	keyFile := filepath.Join(tmp, "LV.pub")
	os.WriteFile(keyFile, must(PublicKeyFile(ctx, c)), 0o644)
	os.WriteFile(filepath.Join(tmp, bundle.ManifestName), b.ManifestBytes, 0o644)
	os.WriteFile(filepath.Join(tmp, bundle.SignatureName), b.Signature, 0o644)
	out, err := exec.Command("minisign", "-Vm", filepath.Join(tmp, bundle.ManifestName), "-p", keyFile).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "manifest="+b.ManifestHash) {
		t.Errorf("minisign -V: %v\n%s", err, out)
	}
	// …and refuses the manifest with one byte changed.
	changed := bytes.Replace(b.ManifestBytes, []byte(`"seq":1`), []byte(`"seq":2`), 1)
	os.WriteFile(filepath.Join(tmp, bundle.ManifestName), changed, 0o644)
	if out, err := exec.Command("minisign", "-Vm", filepath.Join(tmp, bundle.ManifestName), "-p", keyFile).CombinedOutput(); err == nil {
		t.Errorf("minisign accepted a changed manifest:\n%s", out)
	}
}

// TestPublicKeyFile: the comment names the cell, and the key parses.
func TestPublicKeyFile(t *testing.T) {
	text := PublicKeyText("LV", "Chi bộ bản\nLùng Vai", "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3")
	want := "untrusted comment: chibo cell LV Chi bộ bản Lùng Vai\nRWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\n"
	if text != want {
		t.Errorf("PublicKeyText = %q, want %q", text, want)
	}
	if _, err := payload.ParseSigningKey(text); err != nil {
		t.Error(err)
	}
}

// TestEncryptedToOffice: with the office's card loaded, bundle 1 is encrypted, the stock age
// decrypts records.json with the office's identity, and the cell itself cannot read it.
func TestEncryptedToOffice(t *testing.T) {
	ctx := context.Background()
	c := demoCell(t, "LV")
	o := newOffice(t, "MK")
	card, err := LoadOfficeCard(ctx, c, o.writeCard(t), false)
	if err != nil || card.Office != "MK" {
		t.Fatalf("load card: %+v, %v", card, err)
	}
	res := export(t, c, t.TempDir(), Options{})
	if !res.Encrypted || res.OfficeName != o.name {
		t.Errorf("result %+v, want encrypted to %s", res, o.name)
	}
	b, rec := openBundle(t, res.Path, must(c.PublicKey(ctx)), o.id)
	if b.Manifest.Recipient != o.id.Recipient().String() || len(rec.Members) == 0 {
		t.Errorf("recipient %q, %d members", b.Manifest.Recipient, len(rec.Members))
	}
	if _, err := b.Open(payload.RecordsPath, nil); !errors.Is(err, bundle.ErrDecrypt) {
		t.Errorf("opened without the office's key: %v", err)
	}
	if _, err := exec.LookPath("age"); err != nil {
		t.Skip("age not installed")
	}
	tmp := t.TempDir()
	idFile := filepath.Join(tmp, "office.key")
	os.WriteFile(idFile, []byte(o.id.String()+"\n"), 0o600)
	enc := must(b.File(payload.RecordsPath + bundle.AgeSuffix))
	os.WriteFile(filepath.Join(tmp, "records.json.age"), enc, 0o644)
	out, err := exec.Command("age", "-d", "-i", idFile, filepath.Join(tmp, "records.json.age")).Output()
	if err != nil {
		t.Fatalf("age -d: %v", err)
	}
	if _, err := payload.Decode(out); err != nil {
		t.Errorf("records.json decrypted by age: %v", err)
	}

	// A card from another office is refused unless replacing is asked for.
	other := newOffice(t, "BD")
	other.name = "Đảng ủy phường Ba Đình"
	before := snap(t, c)
	if _, err := LoadOfficeCard(ctx, c, other.writeCard(t), false); !errors.Is(err, ErrOtherOffice) {
		t.Errorf("another office's card: %v, want ErrOtherOffice", err)
	}
	if diff := cmp.Diff(before, snap(t, c)); diff != "" {
		t.Errorf("a refused card changed the cell (-before +after):\n%s", diff)
	}
	bad := filepath.Join(t.TempDir(), "bad.chibo-office")
	os.WriteFile(bad, []byte(`{"office":"BD","office_name":"x","signing_key":"nope","recipient":""}`), 0o644)
	if _, err := LoadOfficeCard(ctx, c, bad, true); !errors.Is(err, ErrCardDamaged) {
		t.Errorf("a damaged card: %v, want ErrCardDamaged", err)
	}
	if _, err := LoadOfficeCard(ctx, c, other.writeCard(t), true); err != nil {
		t.Errorf("replace the office: %v", err)
	}
	if got := must(c.Office(ctx)); got.Code != "BD" || got.How != store.PinnedByCard {
		t.Errorf("office after replacing: %+v", got)
	}
}

// TestReceiptThenIncremental: after the receipt for bundle 1, a change to one member makes a
// bundle 2 that carries exactly that member, names bundle 1's manifest, and carries no chain
// entry; the same receipt read again changes nothing.
func TestReceiptThenIncremental(t *testing.T) {
	ctx := context.Background()
	c := demoCell(t, "LV")
	o := newOffice(t, "MK")
	dir := t.TempDir()
	pub := must(c.PublicKey(ctx))
	r1 := export(t, c, dir, Options{})
	rp := o.receipt(t, r1.Path, pub, nil, o.priv)
	rr, err := ReadReceipt(ctx, c, rp)
	if err != nil {
		t.Fatal(err)
	}
	if !rr.PinnedNow || rr.AlreadyRead || rr.OfficeFingerprint != bundle.Fingerprint(o.pub) || rr.Receipt.Seq != 1 {
		t.Errorf("first receipt: %+v", rr)
	}
	if got := must(c.Office(ctx)); got.SigningKey != o.pub.String() || got.Recipient != o.id.Recipient().String() || got.How != store.PinnedByReceipt {
		t.Errorf("pinned office %+v", got)
	}
	st := must(Status(ctx, c))
	if st.Pending != (Pending{}) || st.LastReceipt.Seq != 1 || st.LastExport.Seq != 1 || !st.Office.HasRecipient {
		t.Errorf("status after receipt 1: %+v", st)
	}

	before := snap(t, c)
	again, err := ReadReceipt(ctx, c, rp)
	if err != nil || !again.AlreadyRead {
		t.Errorf("same receipt again: %+v, %v", again, err)
	}
	if diff := cmp.Diff(before, snap(t, c)); diff != "" {
		t.Errorf("reading a receipt again changed the cell (-before +after):\n%s", diff)
	}

	members := must(c.ListMembers(ctx))
	m := members[3]
	m.Notes = "Đã chuyển về thôn Na Lốc."
	m, err = c.UpdateMember(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if p := must(Status(ctx, c)).Pending; p != (Pending{Members: 1}) {
		t.Errorf("pending after one change: %+v", p)
	}
	r2 := export(t, c, dir, Options{})
	if !r2.Encrypted {
		t.Error("bundle 2 is not encrypted although the receipt gave the office's key")
	}
	b2, rec := openBundle(t, r2.Path, pub, o.id)
	b1, rec1 := openBundle(t, r1.Path, pub, o.id)
	if b2.Manifest.Seq != 2 || b2.Manifest.PrevHash != b1.ManifestHash {
		t.Errorf("bundle 2: seq %d prev %q, want 2 and %q", b2.Manifest.Seq, b2.Manifest.PrevHash, b1.ManifestHash)
	}
	if len(rec.Members) != 1 || rec.Members[0].ID != m.ID || rec.Members[0].Version != m.Version ||
		len(rec.Events) != 0 || len(rec.Meetings) != 0 || len(rec.Chain) != 0 || len(rec.Documents) != 0 {
		t.Errorf("bundle 2 carries %d members (%v), %d events, %d meetings, %d chain entries, %d documents; want exactly member %s",
			len(rec.Members), rec.Members, len(rec.Events), len(rec.Meetings), len(rec.Chain), len(rec.Documents), m.ID)
	}
	if rec.Head != rec1.Head || rec.AckedSeq != 1 || rec.Full {
		t.Errorf("bundle 2 head %+v acked %d full %v; want head %+v, acked 1, not full", rec.Head, rec.AckedSeq, rec.Full, rec1.Head)
	}
	// Bundle 3, before any receipt for 2, carries the member again (the office import is
	// idempotent); --full carries everything.
	r3 := export(t, c, dir, Options{})
	if r3.Members != 1 || r3.Seq != 3 {
		t.Errorf("bundle 3: %+v, want the unacknowledged member again", r3)
	}
	r4 := export(t, c, dir, Options{Full: true})
	if r4.Members != len(members) || r4.Meetings != 0 && r4.Chain != 0 {
		t.Errorf("full bundle 4: %+v", r4)
	}
}

// TestReceiptRefusals: each bad receipt is refused with its own reason and changes nothing.
func TestReceiptRefusals(t *testing.T) {
	ctx := context.Background()
	c := demoCell(t, "LV")
	o := newOffice(t, "MK")
	dir := t.TempDir()
	pub := must(c.PublicKey(ctx))
	r1 := export(t, c, dir, Options{})
	r2 := export(t, c, dir, Options{})
	_, stranger, _ := minisign.GenerateKey(rand.Reader)
	write := func(name string, b []byte) string {
		p := filepath.Join(t.TempDir(), name)
		os.WriteFile(p, b, 0o644)
		return p
	}
	good1 := o.receipt(t, r1.Path, pub, nil, o.priv)
	good1b := must(os.ReadFile(good1))
	good2 := o.receipt(t, r2.Path, pub, nil, o.priv)
	tamper := func(b []byte) []byte {
		return bytes.Replace(b, []byte(`"status":"imported"`), []byte(`"status":"already_imported"`), 1)
	}
	otherCell := o.receipt(t, r1.Path, pub, func(r *payload.Receipt) { r.Cell = "HN01" }, o.priv)
	unknownSeq := o.receipt(t, r1.Path, pub, func(r *payload.Receipt) { r.Seq = 9 }, o.priv)
	unknownHash := o.receipt(t, r1.Path, pub, func(r *payload.Receipt) { r.ManifestHash = strings.Repeat("ab", 32) }, o.priv)
	wrongHead := o.receipt(t, r1.Path, pub, func(r *payload.Receipt) { r.ChainHead.Hash = strings.Repeat("cd", 32) }, o.priv)
	// Signed by another key that claims to be the office's.
	imposter := o.receipt(t, r1.Path, pub, nil, stranger)
	// Another office, validly signed by its own key.
	x := newOffice(t, "XX")
	otherOffice := x.receipt(t, r1.Path, pub, func(r *payload.Receipt) {}, x.priv)

	type tc struct {
		name string
		path string
		want error
	}
	check := func(tests []tc) {
		for _, tt := range tests {
			before := snap(t, c)
			_, err := ReadReceipt(ctx, c, tt.path)
			if !errors.Is(err, tt.want) {
				t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || i18n.T(i18n.VI, e.Key) == e.Key {
				t.Errorf("%s: %v has no sentence", tt.name, err)
			} else if s := i18n.Error(i18n.VI, err); strings.Contains(s, "{{") || strings.Contains(s, "<no value>") {
				t.Errorf("%s: sentence %q", tt.name, s)
			}
			if diff := cmp.Diff(before, snap(t, c)); diff != "" {
				t.Errorf("%s changed the cell (-before +after):\n%s", tt.name, diff)
			}
		}
	}
	// Before any office is pinned: a receipt is taken on its own signature only if it names
	// this cell and a bundle it made.
	check([]tc{
		{"damaged", write("x.chibo-receipt", []byte("not a receipt\n")), ErrReceiptDamaged},
		{"truncated", write("t.chibo-receipt", good1b[:len(good1b)-40]), ErrReceiptDamaged},
		{"missing", filepath.Join(dir, "none.chibo-receipt"), ErrReadFile},
		{"forged (changed after signing)", write("f.chibo-receipt", tamper(good1b)), ErrReceiptForged},
		{"signed by a key other than the one it names", imposter, ErrReceiptForged},
		{"another cell", otherCell, ErrReceiptOtherCell},
		{"unknown bundle number", unknownSeq, ErrReceiptUnknownBundle},
		{"unknown manifest hash", unknownHash, ErrReceiptUnknownBundle},
		{"chain head not ours", wrongHead, ErrReceiptHead},
	})
	if _, err := c.Office(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an office was pinned by a refused receipt: %v", err)
	}
	if _, err := ReadReceipt(ctx, c, good2); err != nil {
		t.Fatal(err)
	}
	check([]tc{
		{"older than one read", good1, ErrReceiptOld},
		{"another office's key", otherOffice, ErrReceiptOtherOffice},
		{"forged after pinning", write("f2.chibo-receipt", tamper(must(os.ReadFile(good2)))), ErrReceiptForged},
	})
	if rr, err := ReadReceipt(ctx, c, good2); err != nil || !rr.AlreadyRead {
		t.Errorf("receipt 2 again: %+v, %v", rr, err)
	}
}

// TestConflictsTravelAgain: a record the office kept aside stays unacknowledged.
func TestConflictsTravelAgain(t *testing.T) {
	ctx := context.Background()
	c := demoCell(t, "LV")
	o := newOffice(t, "MK")
	dir := t.TempDir()
	pub := must(c.PublicKey(ctx))
	r1 := export(t, c, dir, Options{})
	_, rec := openBundle(t, r1.Path, pub, nil)
	kept := rec.Members[0]
	rp := o.receipt(t, r1.Path, pub, func(r *payload.Receipt) {
		r.Conflicts = []payload.Conflict{{Kind: payload.KindMember, ID: kept.ID, Version: kept.Version, Reason: "khác nội dung"}}
	}, o.priv)
	rr, err := ReadReceipt(ctx, c, rp)
	if err != nil || len(rr.Receipt.Conflicts) != 1 {
		t.Fatalf("%+v, %v", rr, err)
	}
	st := must(Status(ctx, c))
	if st.Pending != (Pending{Members: 1}) || len(st.LastReceipt.Conflicts) != 1 {
		t.Errorf("status after a conflict: %+v", st)
	}
	r2 := export(t, c, dir, Options{})
	_, rec2 := openBundle(t, r2.Path, pub, o.id)
	if len(rec2.Members) != 1 || rec2.Members[0].ID != kept.ID {
		t.Errorf("bundle 2 members %v, want the kept one again", rec2.Members)
	}
}

// TestExportFailures: a missing folder, a read-only one, a full stick, a stick pulled out
// midway and a read-back that differs each give their own sentence, leave neither a final
// nor a temporary file, and leave the database as it was: the next export is still bundle 1.
func TestExportFailures(t *testing.T) {
	ctx := context.Background()
	c := demoCell(t, "LV")
	before := snap(t, c)
	failAfter := func(n int, err error) func() {
		old := createFile
		createFile = func(name string) (writeFile, error) {
			f, e := old(name)
			if e != nil {
				return nil, e
			}
			return &failingFile{f: f, left: n, err: err}, nil
		}
		return func() { createFile = old }
	}
	readOnly := func(t *testing.T, dir string) func() {
		os.Chmod(dir, 0o555)
		if os.Geteuid() != 0 {
			return func() { os.Chmod(dir, 0o755) }
		}
		// Root writes anywhere: make the file system say what a write-protected stick says.
		old := createFile
		createFile = func(name string) (writeFile, error) {
			return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EROFS}
		}
		return func() { createFile = old; os.Chmod(dir, 0o755) }
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) (string, func())
		want  error
	}{
		{"missing folder", func(t *testing.T, dir string) (string, func()) {
			return filepath.Join(dir, "E"), func() {}
		}, ErrDirMissing},
		{"read-only folder", func(t *testing.T, dir string) (string, func()) { return dir, readOnly(t, dir) }, ErrNotWritable},
		{"stick full", func(t *testing.T, dir string) (string, func()) {
			return dir, failAfter(300<<10, syscall.ENOSPC)
		}, ErrDiskFull},
		{"input/output error midway", func(t *testing.T, dir string) (string, func()) {
			return dir, failAfter(100<<10, syscall.EIO)
		}, ErrWriteFailed},
		{"stick pulled out midway", func(t *testing.T, dir string) (string, func()) {
			stick := filepath.Join(dir, "stick")
			os.Mkdir(stick, 0o755)
			old := createFile
			createFile = func(name string) (writeFile, error) {
				f, e := old(name)
				if e != nil {
					return nil, e
				}
				return &failingFile{f: f, left: 64 << 10, err: syscall.ENODEV, pull: stick}, nil
			}
			return stick, func() { createFile = old }
		}, ErrWriteFailed},
		{"read back differs", func(t *testing.T, dir string) (string, func()) {
			old := readFile
			readFile = func(name string) ([]byte, error) {
				b, err := old(name)
				if len(b) > 1000 {
					b[len(b)/2] ^= 1
				}
				return b, err
			}
			return dir, func() { readFile = old }
		}, ErrReadBack},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := t.TempDir()
			dir, undo := tt.setup(t, base)
			_, err := Export(ctx, c, dir, Options{})
			undo()
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			s := i18n.Error(i18n.VI, err)
			if !strings.Contains(s, dir) || strings.Contains(s, "<no value>") || strings.Count(s, "\n") > 0 {
				t.Errorf("sentence %q should name %s in one line", s, dir)
			}
			if en := i18n.Error(i18n.EN, err); en == s {
				t.Errorf("no English sentence: %q", en)
			}
			for _, d := range []string{base, dir} {
				for _, n := range listDir(t, d) {
					if n != "stick" && n != "E" {
						t.Errorf("%s left in %s", n, d)
					}
				}
			}
			if diff := cmp.Diff(before, snap(t, c)); diff != "" {
				t.Errorf("a failed export changed the cell (-before +after):\n%s", diff)
			}
		})
	}
	// An existing file of the same name is never overwritten.
	dir := t.TempDir()
	final := filepath.Join(dir, "LV-000001.chibo-bundle")
	os.WriteFile(final, []byte("mine"), 0o644)
	if _, err := Export(ctx, c, dir, Options{}); !errors.Is(err, ErrExists) {
		t.Errorf("existing file: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(final); string(b) != "mine" {
		t.Error("the existing file was overwritten")
	}
	if res := export(t, c, t.TempDir(), Options{}); res.Seq != 1 {
		t.Errorf("after the failures the next bundle is %d, want 1", res.Seq)
	}
}

// failingFile writes left bytes, then fails with err (removing the folder pull first, as a
// stick pulled out does).
type failingFile struct {
	f    writeFile
	left int
	err  error
	pull string
}

func (w *failingFile) Write(p []byte) (int, error) {
	if len(p) > w.left {
		n, _ := w.f.Write(p[:w.left])
		w.left = 0
		if w.pull != "" {
			os.RemoveAll(w.pull)
		}
		return n, &fs.PathError{Op: "write", Path: "bundle", Err: w.err}
	}
	w.left -= len(p)
	return w.f.Write(p)
}
func (w *failingFile) Sync() error  { return w.f.Sync() }
func (w *failingFile) Close() error { return w.f.Close() }

// TestRotation: a bundle announces the next key and is signed by the old one; after its
// receipt the next bundle is signed by the new key.
func TestRotation(t *testing.T) {
	ctx := context.Background()
	c := demoCell(t, "LV")
	o := newOffice(t, "MK")
	dir := t.TempDir()
	old := must(c.PublicKey(ctx))
	if err := c.RotateKey(ctx, "đổi khóa định kỳ"); err != nil {
		t.Fatal(err)
	}
	next := must(c.PendingKey(ctx))
	nextPub := must(next.Public())
	r1 := export(t, c, dir, Options{})
	if !r1.KeyChange {
		t.Error("bundle 1 does not announce the key change")
	}
	b1, rec := openBundle(t, r1.Path, old, nil)
	if rec.KeyChange == nil || rec.KeyChange.NewKey != nextPub.String() || rec.KeyChange.Reason != "đổi khóa định kỳ" {
		t.Errorf("key change %+v", rec.KeyChange)
	}
	if err := b1.Verify(nextPub); !errors.Is(err, bundle.ErrWrongKey) {
		t.Errorf("bundle 1 verified with the new key: %v", err)
	}
	if st := must(Status(ctx, c)); !st.KeyChange.Pending || st.KeyChange.Fingerprint != bundle.Fingerprint(nextPub) {
		t.Errorf("status: %+v", st.KeyChange)
	}
	if _, err := ReadReceipt(ctx, c, o.receipt(t, r1.Path, old, nil, o.priv)); err != nil {
		t.Fatal(err)
	}
	if got := must(c.PublicKey(ctx)); got.String() != nextPub.String() {
		t.Fatal("after the receipt the new key is not current")
	}
	m := must(c.ListMembers(ctx))[0]
	m.Notes = "ghi chú mới"
	must(c.UpdateMember(ctx, m))
	r2 := export(t, c, dir, Options{})
	b2, rec2 := openBundle(t, r2.Path, nextPub, o.id)
	if rec2.KeyChange != nil || r2.KeyChange {
		t.Error("bundle 2 announces a key change again")
	}
	if err := b2.Verify(old); !errors.Is(err, bundle.ErrWrongKey) {
		t.Errorf("bundle 2 verified with the old key: %v", err)
	}
}

// TestReset: after a reset the numbers restart at 1, everything travels, with a note, signed
// by the new key.
func TestReset(t *testing.T) {
	ctx := context.Background()
	c := demoCell(t, "LV")
	o := newOffice(t, "MK")
	dir := t.TempDir()
	old := must(c.PublicKey(ctx))
	r1 := export(t, c, dir, Options{})
	oldReceipt := o.receipt(t, r1.Path, old, nil, o.priv)
	must(ReadReceipt(ctx, c, oldReceipt))
	if err := c.ResetKey(ctx, "máy tính cũ bị hỏng"); err != nil {
		t.Fatal(err)
	}
	pub := must(c.PublicKey(ctx))
	if pub.String() == old.String() {
		t.Fatal("the key did not change")
	}
	if st := must(Status(ctx, c)); st.Pending.Notes != 1 || st.LastExport.Seq != 0 || st.LastReceipt.Seq != 0 || !st.Office.Pinned {
		t.Errorf("status after reset: %+v", st)
	}
	// The old bundle 1 is still on the stick: the new bundle 1 does not overwrite it.
	if _, err := Export(ctx, c, dir, Options{}); !errors.Is(err, ErrExists) {
		t.Errorf("bundle 1 again in the same folder: %v, want ErrExists", err)
	}
	dir2 := t.TempDir()
	r := export(t, c, dir2, Options{})
	b, rec := openBundle(t, r.Path, pub, o.id)
	if b.Manifest.Seq != 1 || b.Manifest.PrevHash != "" || len(rec.Members) != len(must(c.ListMembers(ctx))) ||
		len(rec.Chain) != len(must(c.Chain(ctx))) || len(rec.Notes) != 1 || !strings.Contains(rec.Notes[0].Text, "máy tính cũ bị hỏng") {
		t.Errorf("bundle after reset: seq %d prev %q, %d members, %d chain, notes %v", b.Manifest.Seq, b.Manifest.PrevHash,
			len(rec.Members), len(rec.Chain), rec.Notes)
	}
	// The old bundle's receipt belongs to the old numbering.
	before := snap(t, c)
	if _, err := ReadReceipt(ctx, c, oldReceipt); !errors.Is(err, ErrReceiptUnknownBundle) {
		t.Errorf("receipt of the old numbering: %v", err)
	}
	if diff := cmp.Diff(before, snap(t, c)); diff != "" {
		t.Errorf("changed (-before +after):\n%s", diff)
	}
	must(ReadReceipt(ctx, c, o.receipt(t, r.Path, pub, nil, o.priv)))
	if n := must(Status(ctx, c)).Pending; n != (Pending{}) {
		t.Errorf("pending after the receipt for the reset bundle: %+v", n)
	}
}

// TestTamperedCellRefused: an approved meeting edited behind the triggers stops the export.
func TestTamperedCellRefused(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	c, err := demo.Create(ctx, dataDir, "LV", testPass, store.Today(), store.WithKDF(store.FastKDF))
	if err != nil {
		t.Fatal(err)
	}
	path := c.Path()
	c.Close()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP TRIGGER meetings_approved_frozen`,
		`UPDATE meetings SET body = json_set(body, '$.topic', 'Nội dung đã bị sửa') WHERE id = (SELECT record_id FROM chain WHERE seq = 2)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	c, err = store.OpenCell(ctx, dataDir, "LV", testPass)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	dir := t.TempDir()
	_, err = Export(ctx, c, dir, Options{})
	var e *Error
	if !errors.Is(err, ErrTampered) || !errors.As(err, &e) || e.Args["Seq"] != 2 {
		t.Fatalf("export of a tampered cell: %v, want ErrTampered at entry 2", err)
	}
	if got := listDir(t, dir); len(got) != 0 {
		t.Errorf("files written: %v", got)
	}
}
