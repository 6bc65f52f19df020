package office

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/google/go-cmp/cmp"

	"chibo/i18n"
	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/office/officetest"
	"chibo/sync/payload"
)

func TestCreateOpenList(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	o, err := Create(ctx, dir, Profile{Code: "xmk", Name: "Đảng ủy xã Mường Khương"}, testPass, store.WithKDF(store.FastKDF))
	if err != nil {
		t.Fatal(err)
	}
	card, fp, rcpt := o.Card(), o.Fingerprint(), o.Recipient()
	if card.Office != "XMK" || card.OfficeName != "Đảng ủy xã Mường Khương" || card.Recipient != rcpt || !strings.HasPrefix(rcpt, "age1") {
		t.Errorf("Card = %+v", card)
	}
	if o.Profile().Level != store.LevelCommune {
		t.Errorf("level = %q, want commune by default", o.Profile().Level)
	}
	cardPath, err := o.WriteCard(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(cardPath) != "XMK.chibo-office" {
		t.Errorf("card file %s", cardPath)
	}
	var back payload.OfficeCard
	b, _ := os.ReadFile(cardPath)
	if err := json.Unmarshal(b, &back); err != nil || back != card {
		t.Errorf("card file = %s (%v)", b, err)
	}
	o.Close()

	if _, err := Create(ctx, dir, Profile{Code: "XMK", Name: "X"}, testPass, store.WithKDF(store.FastKDF)); !errors.Is(err, ErrOfficeExists) {
		t.Errorf("second Create: %v", err)
	}
	var ve *store.ValidationError
	if _, err := Create(ctx, dir, Profile{Code: "x y", Name: "", Level: "district"}, testPass); !errors.As(err, &ve) || len(ve.Fields) != 3 {
		t.Errorf("bad profile: %v", err)
	}
	if _, err := Open(ctx, dir, "NOPE", testPass); !errors.Is(err, ErrNoSuchOffice) {
		t.Errorf("Open unknown: %v", err)
	}
	// Wrong passphrases are throttled as for cells.
	for i := 0; i < 3; i++ {
		if _, err := Open(ctx, dir, "XMK", "sai mật khẩu"); !errors.Is(err, store.ErrWrongPassphrase) {
			t.Fatalf("wrong passphrase %d: %v", i, err)
		}
	}
	var we *store.WaitError
	if _, err := Open(ctx, dir, "XMK", testPass); !errors.As(err, &we) {
		t.Errorf("after three wrong passphrases: %v, want a WaitError", err)
	}
	defer func(f func() time.Time) { now = f }(now)
	now = func() time.Time { return time.Now().Add(time.Hour) }
	o, err = Open(ctx, dir, "XMK", testPass)
	if err != nil {
		t.Fatalf("Open after the wait: %v", err)
	}
	if o.Fingerprint() != fp || o.Recipient() != rcpt {
		t.Errorf("keys changed on reopening")
	}
	o.Close()
	list, err := List(ctx, dir)
	if err != nil || len(list) != 1 || list[0].Code != "XMK" || list[0].Name != "Đảng ủy xã Mường Khương" {
		t.Errorf("List = %+v, %v", list, err)
	}
	// The secret keys are sealed in the file.
	raw, _ := os.ReadFile(Path(dir, "XMK"))
	if bytes.Contains(raw, []byte("AGE-SECRET-KEY")) {
		t.Errorf("the age identity is in the clear in the file")
	}
}

func TestEnroll(t *testing.T) {
	ctx := context.Background()
	o := newOffice(t)
	s := source(t)
	ck, err := ParseCellKey(s.PublicKeyFile())
	if err != nil || ck.Cell != "LUNGVAI" || ck.Name != "Chi bộ bản Lùng Vai" || !ck.Key.Equal(s.Key.Public) {
		t.Fatalf("ParseCellKey = %+v, %v", ck, err)
	}
	bare, err := ParseCellKey([]byte(s.Key.Public.String()))
	if err != nil || bare.Cell != "" || !bare.Key.Equal(s.Key.Public) {
		t.Errorf("ParseCellKey(bare) = %+v, %v", bare, err)
	}
	if _, err := ParseCellKey([]byte("not a key")); err == nil {
		t.Errorf("ParseCellKey accepted garbage")
	}
	e, err := o.Enroll(ctx, EnrollRequest{Cell: ck.Cell, Name: ck.Name, Key: ck.Key})
	if err != nil || e.Fingerprint != bundle.Fingerprint(s.Key.Public) || e.Epoch != 1 || e.Already {
		t.Fatalf("Enroll = %+v, %v", e, err)
	}
	if e, err := o.Enroll(ctx, EnrollRequest{Cell: "lungvai", Key: ck.Key}); err != nil || !e.Already {
		t.Errorf("same key again = %+v, %v", e, err)
	}
	other, _ := bundle.GenerateKey()
	before := dump(t, o)
	_, err = o.Enroll(ctx, EnrollRequest{Cell: "LUNGVAI", Key: other.Public})
	var ee *EnrollError
	if !errors.As(err, &ee) || ee.Key != "office.enroll.other_key" {
		t.Errorf("other key without --replace: %v", err)
	}
	_, err = o.Enroll(ctx, EnrollRequest{Cell: "LUNGVAI", Key: other.Public, Replace: true})
	if !errors.As(err, &ee) || ee.Key != "office.enroll.need_reason" {
		t.Errorf("replace without a reason: %v", err)
	}
	if after := dump(t, o); after != before {
		t.Errorf("refused enrolments changed the database")
	}
	if msg := i18n.Error(i18n.VI, err); strings.HasPrefix(msg, "office.") {
		t.Errorf("no Vietnamese sentence for %v: %q", err, msg)
	}
}

// history imports bundles 1 and 2 of s (chain entries 1–3, then 4–6) into o.
func history(t *testing.T, o *Office, s *officetest.Source, dir string) {
	t.Helper()
	enroll(t, o, s)
	mustImport(t, o, next(t, s, dir, s.Upto(1, 3), officetest.Options{}))
	mustImport(t, o, next(t, s, dir, s.Upto(4, 6), officetest.Options{}))
}

func TestHappyPath(t *testing.T) {
	ctx := context.Background()
	o := newOffice(t)
	s := source(t)
	enroll(t, o, s)
	stick := t.TempDir()
	pdfs := map[string][]byte{"pdf/bb-01.pdf": []byte("%PDF-1.4 placeholder minutes\n")}
	r := s.Full()
	r.Documents = []payload.Document{{Path: "pdf/bb-01.pdf", MeetingID: s.Meetings[0].ID, Kind: "minutes", Title: "Biên bản sinh hoạt chi bộ"}}
	path := next(t, s, stick, r, officetest.Options{Recipient: o.Recipient(), PDFs: pdfs})

	checked, err := o.Check(ctx, path)
	if err != nil || checked.AlreadyImported || !checked.Encrypted || !checked.SignatureChecked || checked.Members != len(s.Members) {
		t.Fatalf("Check = %+v, %v", checked, err)
	}
	var progress []int
	res := o.Import(ctx, []string{path}, func(done, total int) { progress = append(progress, done, total) })[0]
	if res.Outcome != OutcomeImported || res.Err != nil || res.ReceiptErr != nil {
		t.Fatalf("Import = %+v", res)
	}
	if diff := cmp.Diff([]int{1, 1}, progress); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}
	want := payload.Counts{Members: len(s.Members), Events: len(s.Events), Meetings: len(s.Meetings), Documents: 1}
	if diff := cmp.Diff(want, res.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	rb, err := os.ReadFile(res.ReceiptPath)
	if err != nil || filepath.Base(res.ReceiptPath) != "LUNGVAI-000001.chibo-receipt" {
		t.Fatalf("receipt %s: %v", res.ReceiptPath, err)
	}
	rc, err := payload.VerifyReceipt(rb, o.SigningKey())
	if err != nil || rc.Status != payload.ReceiptImported || rc.Seq != 1 || rc.ChainHead != s.Head(len(s.Chain)) || rc.Counts != want {
		t.Errorf("receipt = %+v, %v", rc, err)
	}
	if entries, _ := os.ReadDir(stick); len(entries) != 2 {
		t.Errorf("stick holds %d files, want the bundle and its receipt (no temporary file left)", len(entries))
	}
	stockMinisign(t, rb, o)

	// Importing it again changes nothing and writes the receipt again.
	os.Remove(res.ReceiptPath)
	before := dump(t, o)
	again := importOne(t, o, path)
	if again.Outcome != OutcomeAlreadyImported || again.Err != nil || again.Counts != want {
		t.Errorf("again = %+v", again)
	}
	if after := dump(t, o); after != before {
		t.Errorf("re-import changed the database")
	}
	rb, _ = os.ReadFile(again.ReceiptPath)
	if rc, err := payload.VerifyReceipt(rb, o.SigningKey()); err != nil || rc.Status != payload.ReceiptAlreadyImported {
		t.Errorf("second receipt = %+v, %v", rc, err)
	}
	if c, err := o.Check(ctx, path); err != nil || !c.AlreadyImported {
		t.Errorf("Check after import = %+v, %v", c, err)
	}

	// The views.
	roster, err := o.Roster(ctx, "LUNGVAI")
	if err != nil || len(roster) != len(s.Members) {
		t.Fatalf("Roster: %d, %v", len(roster), err)
	}
	var wantIDs, gotIDs []string
	for _, m := range s.Members { // the store lists them in Vietnamese order
		wantIDs = append(wantIDs, m.ID)
	}
	for _, m := range roster {
		gotIDs = append(gotIDs, m.ID)
	}
	if diff := cmp.Diff(wantIDs, gotIDs); diff != "" {
		t.Errorf("roster order differs from the cell's (-want +got):\n%s", diff)
	}
	docs, err := o.Documents(ctx, "LUNGVAI")
	if err != nil || len(docs) != 1 || docs[0].Title != "Biên bản sinh hoạt chi bộ" {
		t.Fatalf("Documents = %+v, %v", docs, err)
	}
	if pdf, err := o.PDF(ctx, docs[0].ID); err != nil || !bytes.Equal(pdf, pdfs["pdf/bb-01.pdf"]) {
		t.Errorf("PDF = %q, %v", pdf, err)
	}
	if _, err := o.PDF(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("PDF(999): %v", err)
	}
	rep, err := o.ReportAt(ctx, demoDay)
	if err != nil || len(rep.Cells) != 1 {
		t.Fatalf("Report: %+v, %v", rep, err)
	}
	cr := rep.Cells[0]
	states := map[string]int{}
	for _, m := range s.Members {
		var mm store.Member
		json.Unmarshal(m.Data, &mm)
		states[mm.State]++
	}
	if diff := cmp.Diff(states, cr.Members); diff != "" || cr.LastSeq != 1 || cr.Fingerprint != bundle.Fingerprint(s.Key.Public) {
		t.Errorf("report line %+v; members by state (-want +got):\n%s", cr, diff)
	}
	regular := 0
	for _, m := range cr.Months {
		regular += m.Regular
	}
	if regular < 10 || cr.Rate <= 0.5 || cr.Rate > 1 || len(cr.Months) != ReportMonths {
		t.Errorf("report: %d regular meetings in 12 months, attendance %.2f, %d months", regular, cr.Rate, len(cr.Months))
	}
	if ms, err := o.Meetings(ctx, "LUNGVAI"); err != nil || len(ms) != len(s.Meetings) || ms[0].Date.Before(ms[len(ms)-1].Date) {
		t.Errorf("Meetings: %d, %v", len(ms), err)
	}
}

// stockMinisign checks a receipt with the stock minisign, when it is installed.
func stockMinisign(t *testing.T, receipt []byte, o *Office) {
	bin, err := exec.LookPath("minisign")
	if err != nil {
		t.Log("minisign not installed; stock check skipped")
		return
	}
	dir := t.TempDir()
	i := bytes.IndexByte(receipt, '\n')
	os.WriteFile(filepath.Join(dir, "r.json"), receipt[:i+1], 0o644)
	os.WriteFile(filepath.Join(dir, "r.json.minisig"), receipt[i+1:], 0o644)
	card, err := o.WriteCard(dir)
	if err != nil {
		t.Fatal(err)
	}
	_ = card
	out, err := exec.Command(bin, "-Vm", filepath.Join(dir, "r.json"), "-p", filepath.Join(dir, "XMK-receipts.pub")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "chibo receipt office=XMK cell=LUNGVAI") {
		t.Errorf("minisign -Vm: %v\n%s", err, out)
	}
}

// TestRefusals is the refusal matrix: each bundle is refused with its own reason, and the
// office database is unchanged in content.
func TestRefusals(t *testing.T) {
	ctx := context.Background()
	o := newOffice(t)
	s := source(t)
	stick := t.TempDir()
	history(t, o, s, stick)
	bundle1, _ := os.ReadFile(filepath.Join(stick, bundle.FileName("LUNGVAI", 1)))
	good, _, err := s.Bundle(s.Upto(7, 9), officetest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := bundle.GenerateKey()
	otherOffice, _ := age.GenerateX25519Identity()
	unknown := renamed(t, s, "LAOCHAI")
	cellB := renamed(t, s, "MUONGKHUONG")
	enroll(t, o, cellB)

	build := func(r *payload.Records, opt officetest.Options) []byte {
		b, _, err := s.Bundle(r, opt)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// A cell database edited after approval: the first approved meeting's minutes rewritten,
	// its hash recomputed and the chain rebuilt consistently from there.
	tampered := s.Full()
	var first store.Meeting
	json.Unmarshal(tampered.Meetings[0].Data, &first)
	first.Body.Topic += " (đã sửa)"
	first.RecordHash, _ = store.MeetingRecordHash(first)
	rec, _ := payload.NewRecord(first.ID, first.Version, false, first)
	tampered.Meetings[0] = rec
	prev := ""
	for i := range tampered.Chain {
		e := &tampered.Chain[i]
		if e.RecordID == first.ID {
			e.RecordHash = first.RecordHash
		}
		e.PrevHash = prev
		e.EntryHash = store.EntryHash(e.Seq, e.PrevHash, e.RecordType, e.RecordID, e.RecordHash)
		prev = e.EntryHash
	}
	tampered.Head = payload.ChainHead{Seq: len(tampered.Chain), Hash: prev}
	tamperedTail := *tampered
	tamperedTail.Chain = tampered.Chain[6:]
	tamperedTail.Meetings = nil
	for _, m := range tampered.Meetings {
		for _, e := range tamperedTail.Chain {
			if e.RecordID == m.ID {
				tamperedTail.Meetings = append(tamperedTail.Meetings, m)
			}
		}
	}
	// An approved meeting sent again under a higher version with other content, chain untouched.
	edited := s.Upto(7, 9)
	var m7 store.Meeting
	json.Unmarshal(edited.Meetings[0].Data, &m7)
	m7.Version++
	m7.Body.Notes += " sửa sau khi thông qua"
	m7.RecordHash, _ = store.MeetingRecordHash(m7)
	edited.Meetings[0], _ = payload.NewRecord(m7.ID, m7.Version, false, m7)

	// The same for a meeting whose chain entry the office already holds.
	editedHeld := s.Upto(7, 9)
	var m4 store.Meeting
	for _, m := range s.Meetings {
		if m.ID == s.Chain[3].RecordID {
			json.Unmarshal(m.Data, &m4)
		}
	}
	m4.Version++
	m4.Body.Notes += " sửa sau khi thông qua"
	m4.RecordHash, _ = store.MeetingRecordHash(m4)
	rec4, _ := payload.NewRecord(m4.ID, m4.Version, false, m4)
	editedHeld.Meetings = append(editedHeld.Meetings, rec4)

	es := entries(t, good)
	extra := rezip(t, append(slices.Clone(es), entry{"pdf/them.pdf", []byte("%PDF extra")}))
	var removed []entry
	for _, e := range es {
		if e.name != payload.RecordsPath {
			removed = append(removed, e)
		}
	}
	dotdot := rezip(t, append(slices.Clone(es), entry{"../../etc/cron.d/x", []byte("x")}))
	absolute := rezip(t, append(slices.Clone(es), entry{"/etc/passwd", []byte("x")}))
	bomb := rezip(t, append(slices.Clone(es), entry{"pdf/bom.pdf", make([]byte, 20<<20)}))
	wrongPrev := "0000000000000000000000000000000000000000000000000000000000000000"
	forked := s.Upto(4, 6)
	forked.Notes = []payload.Note{{At: "2026-11-01T00:00:00Z", Text: "khác"}}
	otherCell := s.Upto(7, 9)
	otherCell.Cell.Code = "MUONGKHUONG"

	tests := []struct {
		name   string
		file   string // the name on the stick; the proper name when empty
		bytes  []byte
		reason Reason
		src    *officetest.Source
	}{
		{"truncated", "", good[:len(good)/2], ReasonDamaged, nil},
		{"truncated end record", "", good[:len(good)-1], ReasonDamaged, nil},
		{"empty file", "", nil, ReasonDamaged, nil},
		{"file added", "", extra, ReasonFileExtra, nil},
		{"file removed", "", rezip(t, removed), ReasonFileMissing, nil},
		{"signed by an unenrolled key", "", build(s.Upto(7, 9), officetest.Options{Key: &other}), ReasonWrongKey, nil},
		{"cell A renamed as cell B", bundle.FileName("MUONGKHUONG", 3), good, ReasonFileName, nil},
		{"number renamed", bundle.FileName("LUNGVAI", 4), good, ReasonFileName, nil},
		{"old bundle replayed", bundle.FileName("LUNGVAI", 1), bundle1, ReasonReplay, nil},
		{"two bundles numbered 2", "", build(forked, officetest.Options{Seq: 2, Prev: &s.Prev}), ReasonFork, nil},
		{"gap", "", build(s.Upto(7, 9), officetest.Options{Seq: 5}), ReasonGap, nil},
		{"wrong previous hash", "", build(s.Upto(7, 9), officetest.Options{Prev: &wrongPrev}), ReasonPrevious, nil},
		{"edited after approval, full chain", "", build(tampered, officetest.Options{}), ReasonRewritten, nil},
		{"edited after approval, new entries only", "", build(&tamperedTail, officetest.Options{}), ReasonRewritten, nil},
		{"approved meeting changed under a new version", "", build(edited, officetest.Options{}), ReasonRewritten, nil},
		{"held approved meeting changed under a new version", "", build(editedHeld, officetest.Options{}), ReasonRewritten, nil},
		{"zip entry with ..", "", dotdot, ReasonBadPath, nil},
		{"zip entry with an absolute path", "", absolute, ReasonBadPath, nil},
		{"zip bomb", "", bomb, ReasonTooLarge, nil},
		{"encrypted to another office", "", build(s.Upto(7, 9), officetest.Options{Recipient: otherOffice.Recipient().String()}), ReasonDecrypt, nil},
		{"unknown cell", "", nil, ReasonUnknownCell, unknown},
		{"records of another cell", "", build(otherCell, officetest.Options{}), ReasonCellMismatch, nil},
		{"records.json not JSON", "", build(nil, officetest.Options{Raw: []byte("{\"cell\":")}), ReasonRecords, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, name := tt.bytes, tt.file
			if tt.src != nil {
				var err error
				if b, _, err = tt.src.Bundle(tt.src.Full(), officetest.Options{}); err != nil {
					t.Fatal(err)
				}
				name = bundle.FileName(tt.src.Cell.Code, 1)
			}
			if name == "" {
				name = bundle.FileName("LUNGVAI", 3)
				if tt.name == "gap" {
					name = bundle.FileName("LUNGVAI", 5)
				}
				if tt.name == "two bundles numbered 2" {
					name = bundle.FileName("LUNGVAI", 2)
				}
			}
			dir := t.TempDir()
			path := writeFile(t, dir, name, b)
			before := dump(t, o)
			_, cerr := o.Check(ctx, path)
			res := importOne(t, o, path)
			if res.Outcome != OutcomeRefused || ReasonOf(res.Err) != tt.reason {
				t.Errorf("outcome %s, reason %q (%v); want refused, %q", res.Outcome, ReasonOf(res.Err), res.Err, tt.reason)
			}
			if ReasonOf(cerr) != tt.reason {
				t.Errorf("Check: %v, want reason %q", cerr, tt.reason)
			}
			if after := dump(t, o); after != before {
				t.Errorf("the refused bundle changed the office database")
			}
			if es, _ := os.ReadDir(dir); len(es) != 1 {
				t.Errorf("a refused bundle left %d files on the stick, want only itself", len(es))
			}
			for _, l := range []i18n.Lang{i18n.VI, i18n.EN} {
				msg := i18n.Error(l, res.Err)
				if strings.HasPrefix(msg, "office.") || msg == i18n.T(l, "err.unexpected") || strings.Contains(msg, "<no value>") {
					t.Errorf("%s sentence for %v: %q", l, res.Err, msg)
				}
			}
		})
	}
	// Any byte flipped anywhere is refused.
	before := dump(t, o)
	dir := t.TempDir()
	step := max(1, len(good)/300)
	for i := 0; i < len(good); i += step {
		b := bytes.Clone(good)
		b[i] ^= 0x20
		path := writeFile(t, dir, bundle.FileName("LUNGVAI", 3), b)
		if res := importOne(t, o, path); res.Outcome != OutcomeRefused || ReasonOf(res.Err) == "" {
			t.Fatalf("byte %d flipped: %s %v", i, res.Outcome, res.Err)
		}
	}
	if after := dump(t, o); after != before {
		t.Errorf("flipped bytes changed the office database")
	}
	// And the good bundle 3 still imports after all that.
	mustImport(t, o, writeFile(t, t.TempDir(), bundle.FileName("LUNGVAI", 3), good))
}

func TestMessagesOfRefusals(t *testing.T) {
	// Each reason has its own sentence in both languages.
	seen := map[string]Reason{}
	for _, r := range []Reason{ReasonUnreadable, ReasonTooLarge, ReasonDamaged, ReasonBadPath, ReasonManifest, ReasonVersion,
		ReasonSchema, ReasonUnknownCell, ReasonWrongKey, ReasonSignature, ReasonFileMissing, ReasonFileExtra, ReasonFileHash,
		ReasonFileName, ReasonDecrypt, ReasonRecords, ReasonCellMismatch, ReasonDocuments, ReasonKeyChange, ReasonReplay,
		ReasonFork, ReasonGap, ReasonPrevious, ReasonRewritten} {
		for _, l := range []i18n.Lang{i18n.VI, i18n.EN} {
			key := "office.refused." + string(r)
			if _, ok := i18n.Keys(l)[key]; !ok {
				t.Errorf("no %s sentence for %s", l, key)
			}
		}
		s := i18n.Keys(i18n.VI)["office.refused."+string(r)]
		if o, dup := seen[s]; dup {
			t.Errorf("reasons %s and %s share a sentence", o, r)
		}
		seen[s] = r
	}
}

func TestMultipleFilesInAnyOrder(t *testing.T) {
	o := newOffice(t)
	s := source(t)
	enroll(t, o, s)
	stick := t.TempDir()
	var paths []string
	for i := 0; i < 4; i++ {
		paths = append(paths, next(t, s, stick, s.Upto(3*i+1, 3*i+3), officetest.Options{}))
	}
	shuffled := []string{paths[2], paths[0], paths[3], paths[1]}
	var done []int
	rs := o.Import(context.Background(), shuffled, func(d, total int) { done = append(done, d) })
	var seqs []uint64
	for _, r := range rs {
		if r.Outcome != OutcomeImported {
			t.Fatalf("%s: %s %v", r.File, r.Outcome, r.Err)
		}
		seqs = append(seqs, r.Seq)
	}
	if diff := cmp.Diff([]uint64{1, 2, 3, 4}, seqs); diff != "" {
		t.Errorf("import order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1, 2, 3, 4}, done); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}
}

func TestConflictsAndTombstones(t *testing.T) {
	ctx := context.Background()
	o := newOffice(t)
	s := source(t)
	stick := t.TempDir()
	history(t, o, s, stick)

	r := s.Upto(7, 6)
	// Member 0: same id and version, other content: kept aside.
	var m0 store.Member
	json.Unmarshal(r.Members[0].Data, &m0)
	m0.Notes = "ghi chú khác"
	r.Members[0], _ = payload.NewRecord(m0.ID, m0.Version, false, m0)
	// Member 1: deleted (a tombstone, higher version).
	var m1 store.Member
	json.Unmarshal(r.Members[1].Data, &m1)
	r.Members[1], _ = payload.NewRecord(m1.ID, m1.Version+1, true, m1)
	// Member 2: a correction, higher version.
	var m2 store.Member
	json.Unmarshal(r.Members[2].Data, &m2)
	m2.Version++
	m2.Occupation = "Làm ruộng"
	r.Members[2], _ = payload.NewRecord(m2.ID, m2.Version, false, m2)
	// Member 3: an older version than the one held.
	var m3 store.Member
	json.Unmarshal(r.Members[3].Data, &m3)
	heldVersion := r.Members[3].Version
	if heldVersion > 1 {
		m3.Version--
		r.Members[3], _ = payload.NewRecord(m3.ID, m3.Version, false, m3)
	}

	res := mustImport(t, o, next(t, s, stick, r, officetest.Options{}))
	if res.Counts.Conflicts != 1 || res.Counts.Members != 2 || len(res.Conflicts) != 1 || res.Conflicts[0].ID != m0.ID {
		t.Errorf("counts %+v, conflicts %+v", res.Counts, res.Conflicts)
	}
	cs, err := o.Conflicts(ctx)
	if err != nil || len(cs) != 1 || cs[0].RecordID != m0.ID || cs[0].Cell != "LUNGVAI" {
		t.Fatalf("Conflicts = %+v, %v", cs, err)
	}
	var kept, held store.Member
	json.Unmarshal(cs[0].Data, &kept)
	json.Unmarshal(cs[0].HeldData, &held)
	if kept.Notes != "ghi chú khác" || held.Notes == "ghi chú khác" {
		t.Errorf("kept %q, held %q: the held record must stay as it was", kept.Notes, held.Notes)
	}
	roster, _ := o.Roster(ctx, "LUNGVAI")
	for _, m := range roster {
		if m.ID == m1.ID {
			t.Errorf("deleted member still on the roster")
		}
		if m.ID == m2.ID && m.Occupation != "Làm ruộng" {
			t.Errorf("higher version not stored: %q", m.Occupation)
		}
	}
	if len(roster) != len(s.Members)-1 {
		t.Errorf("roster has %d, want %d", len(roster), len(s.Members)-1)
	}
	var deleted int
	o.db.QueryRow(`SELECT deleted FROM records WHERE id = ?`, m1.ID).Scan(&deleted)
	if deleted != 1 {
		t.Errorf("tombstone not stored")
	}
	rep, _ := o.ReportAt(ctx, demoDay)
	if rep.Cells[0].Conflicts != 1 {
		t.Errorf("report counts %d conflicts", rep.Cells[0].Conflicts)
	}
	rb, _ := os.ReadFile(res.ReceiptPath)
	if rc, err := payload.VerifyReceipt(rb, o.SigningKey()); err != nil || len(rc.Conflicts) != 1 {
		t.Errorf("receipt conflicts: %+v, %v", rc.Conflicts, err)
	}
}

func TestKeyRotation(t *testing.T) {
	o := newOffice(t)
	s := source(t)
	stick := t.TempDir()
	enroll(t, o, s)
	oldKey := s.Key
	newKey, _ := bundle.GenerateKey()

	// Signed with the new key before any bundle announced it: refused.
	early, _, _ := s.Bundle(s.Upto(1, 3), officetest.Options{Key: &newKey})
	if r := importOne(t, o, writeFile(t, t.TempDir(), bundle.FileName("LUNGVAI", 1), early)); ReasonOf(r.Err) != ReasonWrongKey {
		t.Errorf("unannounced key: %v", r.Err)
	}
	r1 := s.Upto(1, 3)
	r1.KeyChange = &payload.KeyChange{NewKey: newKey.Public.String(), At: "2026-11-20T08:00:00Z", Reason: "định kỳ"}
	mustImport(t, o, next(t, s, stick, r1, officetest.Options{}))
	// The old key keeps working until the new one is used.
	mustImport(t, o, next(t, s, stick, s.Upto(4, 6), officetest.Options{}))
	res := mustImport(t, o, next(t, s, stick, s.Upto(7, 9), officetest.Options{Key: &newKey}))
	if !res.Rotated {
		t.Errorf("Rotated not reported")
	}
	// From then on the old key is refused.
	late, _, _ := s.Bundle(s.Upto(10, 12), officetest.Options{Key: &oldKey})
	if r := importOne(t, o, writeFile(t, t.TempDir(), bundle.FileName("LUNGVAI", 4), late)); ReasonOf(r.Err) != ReasonWrongKey {
		t.Errorf("retired key: %v", r.Err)
	}
	cells, _ := o.Cells(context.Background())
	if cells[0].Fingerprint != bundle.Fingerprint(newKey.Public) || cells[0].NextKey != "" {
		t.Errorf("cell key after rotation: %+v", cells[0])
	}
}

func TestReenrolment(t *testing.T) {
	ctx := context.Background()
	o := newOffice(t)
	s := source(t)
	stick := t.TempDir()
	history(t, o, s, stick)
	lost, _ := bundle.GenerateKey()
	e, err := o.Enroll(ctx, EnrollRequest{Cell: "LUNGVAI", Key: lost.Public, Replace: true, Reason: "Máy tính của chi bộ bị hỏng, mất khóa"})
	if err != nil || !e.Replaced || e.Epoch != 2 || e.Name != "Chi bộ bản Lùng Vai" {
		t.Fatalf("re-enrol = %+v, %v", e, err)
	}
	held := s.Prev
	s.Key, s.Seq, s.Prev = lost, 0, ""
	// The next bundle must be number 1 with the chain from entry 1.
	tail, _, err := s.Bundle(s.Upto(7, 9), officetest.Options{Seq: 3, Prev: &held})
	if err != nil {
		t.Fatal(err)
	}
	if r := importOne(t, o, writeFile(t, t.TempDir(), bundle.FileName("LUNGVAI", 3), tail)); r.Outcome != OutcomeRefused {
		t.Errorf("bundle 3 after re-enrolment: %s", r.Outcome)
	}
	res := mustImport(t, o, next(t, s, t.TempDir(), s.Full(), officetest.Options{}))
	if res.Seq != 1 {
		t.Errorf("seq %d", res.Seq)
	}
	notes, _ := o.Notes(ctx, "LUNGVAI")
	if len(notes) != 1 || notes[0].Source != "reenrolled" || !strings.Contains(notes[0].Text, "mất khóa") {
		t.Errorf("notes = %+v", notes)
	}
	var epochs int
	o.db.QueryRow(`SELECT count(DISTINCT epoch) FROM bundles WHERE cell = 'LUNGVAI'`).Scan(&epochs)
	if epochs != 2 {
		t.Errorf("bundles of %d epochs kept, want both", epochs)
	}
}

func TestVerifyFile(t *testing.T) {
	s := source(t)
	path := next(t, s, t.TempDir(), s.Upto(1, 3), officetest.Options{})
	sum, err := VerifyFile(path, nil)
	if err != nil || sum.SignatureChecked || sum.Cell != "LUNGVAI" || sum.Seq != 1 || sum.KeyID != KeyID(s.Key.Public.ID()) {
		t.Errorf("VerifyFile(nil) = %+v, %v", sum, err)
	}
	sum, err = VerifyFile(path, &s.Key.Public)
	if err != nil || !sum.SignatureChecked || sum.Fingerprint != bundle.Fingerprint(s.Key.Public) {
		t.Errorf("VerifyFile(key) = %+v, %v", sum, err)
	}
	other, _ := bundle.GenerateKey()
	if _, err := VerifyFile(path, &other.Public); ReasonOf(err) != ReasonWrongKey {
		t.Errorf("VerifyFile(other key) = %v", err)
	}
}

func TestReceiptOnReadOnlyStick(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	o := newOffice(t)
	s := source(t)
	enroll(t, o, s)
	stick := t.TempDir()
	path := next(t, s, stick, s.Upto(1, 3), officetest.Options{})
	os.Chmod(stick, 0o500)
	defer os.Chmod(stick, 0o700)
	res := importOne(t, o, path)
	var re *ReceiptError
	if res.Outcome != OutcomeImported || !errors.As(res.ReceiptErr, &re) {
		t.Fatalf("read-only stick: %+v", res)
	}
	os.Chmod(stick, 0o700)
	again := importOne(t, o, path)
	if again.Outcome != OutcomeAlreadyImported || again.ReceiptErr != nil {
		t.Errorf("retry: %+v", again)
	}
}
