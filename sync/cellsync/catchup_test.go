package cellsync

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aead.dev/minisign"
	"github.com/google/go-cmp/cmp"

	"chibo/demo"
	"chibo/i18n"
	"chibo/store"
	"chibo/sync/payload"
)

// restorable is a demo cell in a data folder of its own, so that a test can close it, restore
// a backup over it and open it again.
type restorable struct {
	t       *testing.T
	dataDir string
	c       *store.Cell
}

func newRestorable(t *testing.T) *restorable {
	t.Helper()
	dataDir := t.TempDir()
	c, err := demo.Create(context.Background(), dataDir, "LV", testPass, store.Today(), store.WithKDF(store.FastKDF))
	if err != nil {
		t.Fatal(err)
	}
	r := &restorable{t: t, dataDir: dataDir, c: c}
	t.Cleanup(func() {
		if err := r.c.CheckIntegrity(context.Background()); err != nil {
			t.Errorf("integrity: %v", err)
		}
		r.c.Close()
	})
	return r
}

// restore closes the cell, restores the backup at path over it and opens it again.
func (r *restorable) restore(path string) store.Restored {
	r.t.Helper()
	ctx := context.Background()
	r.c.Close()
	res, err := store.RestoreBackup(ctx, r.dataDir, "LV", path, testPass)
	if err != nil {
		r.t.Fatalf("restore: %v", err)
	}
	if r.c, err = store.OpenCell(ctx, r.dataDir, "LV", testPass); err != nil {
		r.t.Fatalf("open after restore: %v", err)
	}
	return res
}

// besideBundle plays the office: its receipt for the bundle at path, written beside it.
func (o *testOffice) besideBundle(t *testing.T, path string, pub minisign.PublicKey) string {
	t.Helper()
	made := o.receipt(t, path, pub, nil, o.priv)
	dst := filepath.Join(filepath.Dir(path), filepath.Base(made))
	if err := os.Rename(made, dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

// changeMember gives one member a new note, so the next bundle has something to carry.
func changeMember(t *testing.T, c *store.Cell, i int, note string) {
	t.Helper()
	m := must(c.ListMembers(context.Background()))[i]
	m.Notes = note
	if _, err := c.UpdateMember(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}

// approveDraft approves the demo's draft minutes (this month's meeting) and returns them.
func approveDraft(t *testing.T, c *store.Cell) store.Meeting {
	t.Helper()
	ctx := context.Background()
	for _, m := range must(c.ListMeetings(ctx)) {
		if m.Status == store.StatusDraft {
			m.Body.End = "23:30" // the demo's draft is this month's meeting, still going on
			m, err := c.SaveMeetingDraft(ctx, m)
			if err != nil {
				t.Fatal(err)
			}
			a, err := c.ApproveMeeting(ctx, m.ID, m.Version)
			if err != nil {
				t.Fatalf("approve the draft: %v", err)
			}
			return a
		}
	}
	t.Fatal("the demo cell has no draft minutes")
	return store.Meeting{}
}

// TestCatchUpAfterRestore: bundles 1, 2 and 3 go to the office and come back with receipts;
// the secretary then restores a backup taken after bundle 1. Export into the stick refuses
// to write a second bundle 2 and names receipt 3; reading receipt 3 moves the numbering on;
// the next bundle is 4, names bundle 3's manifest and carries every record again.
func TestCatchUpAfterRestore(t *testing.T) {
	ctx := context.Background()
	r := newRestorable(t)
	o := newOffice(t, "MK")
	stick := t.TempDir()
	if _, err := LoadOfficeCard(ctx, r.c, o.writeCard(t), false); err != nil {
		t.Fatal(err)
	}
	pub := must(r.c.PublicKey(ctx))
	r1 := export(t, r.c, stick, Options{})
	must(ReadReceipt(ctx, r.c, o.besideBundle(t, r1.Path, pub)))
	backup := must(r.c.Backup(ctx))

	changeMember(t, r.c, 2, "ghi chú sau sao lưu")
	r2 := export(t, r.c, stick, Options{})
	must(ReadReceipt(ctx, r.c, o.besideBundle(t, r2.Path, pub)))
	changeMember(t, r.c, 5, "ghi chú khác")
	r3 := export(t, r.c, stick, Options{})
	rp3 := o.besideBundle(t, r3.Path, pub)
	must(ReadReceipt(ctx, r.c, rp3))
	b3, rec3 := openBundle(t, r3.Path, pub, o.id)

	if res := r.restore(backup); !res.Exchanged {
		t.Error("the restore does not say the copy had exchanged bundles")
	}
	if st := must(r.c.SyncState(ctx)); st.LastSeq != 1 || st.AckedSeq != 1 {
		t.Fatalf("after the restore the cell knows bundle %d and receipt %d, want 1 and 1", st.LastSeq, st.AckedSeq)
	}

	// Export refuses: bundle 2 on the stick is the cell's own, and receipt 3 is beside it.
	before := snap(t, r.c)
	_, err := Export(ctx, r.c, stick, Options{})
	if !errors.Is(err, ErrBehind) || BehindReceipt(err) != rp3 {
		t.Fatalf("export after the restore: %v (receipt %q), want ErrBehind naming %s", err, BehindReceipt(err), rp3)
	}
	for _, l := range []i18n.Lang{i18n.VI, i18n.EN} {
		if s := i18n.Error(l, err); !strings.Contains(s, filepath.Base(rp3)) || strings.Contains(s, "<no value>") || strings.Contains(s, "{{") {
			t.Errorf("%s sentence %q should name %s", l, s, filepath.Base(rp3))
		}
	}
	if diff := cmp.Diff(before, snap(t, r.c)); diff != "" {
		t.Errorf("the refused export changed the cell (-before +after):\n%s", diff)
	}
	if got := listDir(t, stick); len(got) != 6 {
		t.Errorf("stick holds %v, want the three bundles and their receipts only", got)
	}
	// Without the receipt beside it, the sentence says to bring one.
	bare := t.TempDir()
	os.Link(r2.Path, filepath.Join(bare, filepath.Base(r2.Path)))
	if _, err := Export(ctx, r.c, bare, Options{}); !errors.Is(err, ErrBehind) || BehindReceipt(err) != "" {
		t.Errorf("export beside bundle 2 alone: %v, want ErrBehind without a receipt", err)
	}
	// Someone else's file of that name is still only "exists".
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, filepath.Base(r2.Path)), []byte("không phải gói"), 0o644)
	if _, err := Export(ctx, r.c, other, Options{}); !errors.Is(err, ErrExists) || errors.Is(err, ErrBehind) {
		t.Errorf("export beside another file: %v, want ErrExists", err)
	}

	// Receipt 3 is a catch-up.
	rr, err := ReadReceipt(ctx, r.c, rp3)
	if err != nil {
		t.Fatalf("receipt 3 after the restore: %v", err)
	}
	if !rr.CaughtUp || rr.LastKnown != 1 || rr.ChainBehind || rr.AlreadyRead || rr.PinnedNow {
		t.Errorf("receipt 3: %+v, want a catch-up from 1 with the chain intact", rr)
	}
	st := must(r.c.SyncState(ctx))
	want := store.SyncState{Epoch: 1, LastSeq: 3, LastManifestHash: b3.ManifestHash, AckedSeq: 3,
		AckedHeadSeq: rec3.Head.Seq, AckedHeadHash: rec3.Head.Hash}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("state after the catch-up (-want +got):\n%s", diff)
	}
	if acked := must(r.c.Acknowledged(ctx)); len(acked) != 0 {
		t.Errorf("%d records still acknowledged after the catch-up, want none", len(acked))
	}
	status := must(Status(ctx, r.c))
	if status.LastExport.Seq != 3 || status.LastReceipt.Seq != 3 || status.ChainBehind {
		t.Errorf("status after the catch-up: %+v", status)
	}
	if again, err := ReadReceipt(ctx, r.c, rp3); err != nil || !again.AlreadyRead {
		t.Errorf("receipt 3 again: %+v, %v", again, err)
	}
	if _, err := ReadReceipt(ctx, r.c, filepath.Join(stick, payload.ReceiptName("LV", 2))); !errors.Is(err, ErrReceiptOld) {
		t.Errorf("receipt 2 after catching up to 3: %v, want ErrReceiptOld", err)
	}

	// Bundle 4 follows bundle 3 and carries everything.
	r4 := export(t, r.c, stick, Options{})
	b4, rec4 := openBundle(t, r4.Path, pub, o.id)
	members := must(r.c.ListMembers(ctx))
	if b4.Manifest.Seq != 4 || b4.Manifest.PrevHash != b3.ManifestHash {
		t.Errorf("bundle 4: seq %d prev %q, want 4 and bundle 3's %q", b4.Manifest.Seq, b4.Manifest.PrevHash, b3.ManifestHash)
	}
	if !rec4.Full || len(rec4.Members) != len(members) || len(rec4.Events) != len(must(r.c.AllEvents(ctx))) ||
		len(rec4.Meetings) != approvedCount(t, r.c) || len(rec4.Chain) != 0 || rec4.Head != rec3.Head || rec4.AckedSeq != 3 {
		t.Errorf("bundle 4: full %v, %d members, %d meetings, %d chain entries, head %+v, acked %d; want everything, no chain entry, head %+v",
			rec4.Full, len(rec4.Members), len(rec4.Meetings), len(rec4.Chain), rec4.Head, rec4.AckedSeq, rec3.Head)
	}
	// Its receipt is an ordinary one again.
	rr4, err := ReadReceipt(ctx, r.c, o.besideBundle(t, r4.Path, pub))
	if err != nil || rr4.CaughtUp {
		t.Errorf("receipt 4: %+v, %v", rr4, err)
	}
	if p := must(Status(ctx, r.c)).Pending; p != (Pending{}) {
		t.Errorf("pending after receipt 4: %+v", p)
	}
}

// TestCatchUpLostMinutes: minutes approved after the backup reached the office in bundle 2;
// the restored cell's chain ends before the office's head. Receipt 3 still catches up, says
// the chain is behind, and leaves the acknowledged head where it was.
func TestCatchUpLostMinutes(t *testing.T) {
	ctx := context.Background()
	r := newRestorable(t)
	o := newOffice(t, "MK")
	stick := t.TempDir()
	if _, err := LoadOfficeCard(ctx, r.c, o.writeCard(t), false); err != nil {
		t.Fatal(err)
	}
	pub := must(r.c.PublicKey(ctx))
	r1 := export(t, r.c, stick, Options{})
	must(ReadReceipt(ctx, r.c, o.besideBundle(t, r1.Path, pub)))
	_, rec1 := openBundle(t, r1.Path, pub, o.id)
	backup := must(r.c.Backup(ctx))

	approveDraft(t, r.c)
	r2 := export(t, r.c, stick, Options{})
	if r2.Chain != 1 {
		t.Fatalf("bundle 2 carries %d chain entries, want the approved draft", r2.Chain)
	}
	must(ReadReceipt(ctx, r.c, o.besideBundle(t, r2.Path, pub)))
	changeMember(t, r.c, 1, "sau biên bản")
	r3 := export(t, r.c, stick, Options{})
	rp3 := o.besideBundle(t, r3.Path, pub)
	_, rec3 := openBundle(t, r3.Path, pub, o.id)

	r.restore(backup)
	rr, err := ReadReceipt(ctx, r.c, rp3)
	if err != nil {
		t.Fatalf("receipt 3 after the restore: %v", err)
	}
	cellHead := len(must(r.c.Chain(ctx)))
	if !rr.CaughtUp || !rr.ChainBehind || rr.OfficeHead != rec3.Head.Seq || rr.CellHead != cellHead || cellHead != rec1.Head.Seq {
		t.Errorf("receipt 3: %+v, want a catch-up with the chain behind (office %d, cell %d)", rr, rec3.Head.Seq, cellHead)
	}
	st := must(r.c.SyncState(ctx))
	if st.LastSeq != 3 || st.AckedHeadSeq != rec1.Head.Seq || st.AckedHeadHash != rec1.Head.Hash {
		t.Errorf("state %+v, want bundle 3 and the head of receipt 1 kept", st)
	}
	status := must(Status(ctx, r.c))
	if !status.ChainBehind || status.OfficeHead != rec3.Head.Seq || status.CellHead != cellHead {
		t.Errorf("status: %+v, want the chain behind", status)
	}
	for _, l := range []i18n.Lang{i18n.VI, i18n.EN} {
		s := i18n.T(l, "sync.cli.receipt_chain_behind", map[string]any{"Office": rr.OfficeHead, "Cell": rr.CellHead})
		if strings.Contains(s, "<no value>") || !strings.Contains(s, "--reset") {
			t.Errorf("%s sentence %q", l, s)
		}
	}
	// The cell can still write bundle 4 (the office will refuse it as rewritten until it
	// enrols the cell again); it names bundle 3.
	r4 := export(t, r.c, t.TempDir(), Options{})
	b4, rec4 := openBundle(t, r4.Path, pub, o.id)
	if b4.Manifest.Seq != 4 || rec4.Head.Seq != cellHead {
		t.Errorf("bundle 4: seq %d head %+v", b4.Manifest.Seq, rec4.Head)
	}
}

// TestCatchUpNeedsPinnedOffice: with no office pinned, a receipt for a bundle ahead of the
// cell's numbering could be signed by anyone; it is refused, with a sentence saying to load
// the office's card first, and changes nothing.
func TestCatchUpNeedsPinnedOffice(t *testing.T) {
	ctx := context.Background()
	c := demoCell(t, "LV")
	o := newOffice(t, "MK")
	pub := must(c.PublicKey(ctx))
	r1 := export(t, c, t.TempDir(), Options{})
	ahead := o.receipt(t, r1.Path, pub, func(r *payload.Receipt) { r.Seq = 3; r.ManifestHash = strings.Repeat("ab", 32) }, o.priv)
	before := snap(t, c)
	_, err := ReadReceipt(ctx, c, ahead)
	var e *Error
	if !errors.Is(err, ErrReceiptUnknownBundle) || !errors.As(err, &e) || e.Key != "sync.err.receipt_ahead_unpinned" {
		t.Fatalf("receipt ahead with no office pinned: %v", err)
	}
	if diff := cmp.Diff(before, snap(t, c)); diff != "" {
		t.Errorf("changed (-before +after):\n%s", diff)
	}
	// Once the office's card is loaded, the same receipt is a catch-up.
	must(LoadOfficeCard(ctx, c, o.writeCard(t), false))
	if rr, err := ReadReceipt(ctx, c, ahead); err != nil || !rr.CaughtUp || rr.LastKnown != 1 {
		t.Errorf("after loading the card: %+v, %v", rr, err)
	}
}

// TestCatchUpCompletesRotation: a rotation pending in the backup was announced by the
// bundles written after it, so the office knows the next key; the catch-up makes it current.
func TestCatchUpCompletesRotation(t *testing.T) {
	ctx := context.Background()
	r := newRestorable(t)
	o := newOffice(t, "MK")
	stick := t.TempDir()
	must(LoadOfficeCard(ctx, r.c, o.writeCard(t), false))
	if err := r.c.RotateKey(ctx, "đổi định kỳ"); err != nil {
		t.Fatal(err)
	}
	old := must(r.c.PublicKey(ctx))
	next := must(must(r.c.PendingKey(ctx)).Public())
	backup := must(r.c.Backup(ctx))
	r1 := export(t, r.c, stick, Options{})
	rp1 := o.besideBundle(t, r1.Path, old)
	r.restore(backup)
	if rr, err := ReadReceipt(ctx, r.c, rp1); err != nil || !rr.CaughtUp {
		t.Fatalf("receipt 1 after the restore: %+v, %v", rr, err)
	}
	if got := must(r.c.PublicKey(ctx)); got.String() != next.String() {
		t.Error("after the catch-up the announced key is not current")
	}
}

// TestExportStops: Stop (a cancelled context) at any step, before printing, while printing,
// after packing, while writing, after the read-back, leaves no file and no change, and the
// next export is still bundle 1.
func TestExportStops(t *testing.T) {
	ctx := context.Background()
	c := demoCell(t, "LV")
	before := snap(t, c)
	tests := []struct {
		name string
		at   func(total int) int // the progress count at which Stop is pressed
	}{
		{"at once", func(int) int { return 0 }},
		{"while printing", func(int) int { return 3 }},
		{"after packing", func(n int) int { return n - 2 }},
		{"after writing", func(n int) int { return n - 1 }},
		{"after the read-back", func(n int) int { return n }},
		{"while writing", func(int) int { return -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cctx, stop := context.WithCancel(ctx)
			defer stop()
			if tt.at(0) == -1 {
				old := createFile
				createFile = func(name string) (writeFile, error) {
					f, err := old(name)
					return &stopAfterWrite{f, stop}, err
				}
				defer func() { createFile = old }()
			}
			_, err := Export(cctx, c, dir, Options{Progress: func(done, total int) {
				if done == tt.at(total) {
					stop()
				}
			}})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want a stopped export", err)
			}
			if got := listDir(t, dir); len(got) != 0 {
				t.Errorf("files left: %v", got)
			}
			if diff := cmp.Diff(before, snap(t, c)); diff != "" {
				t.Errorf("a stopped export changed the cell (-before +after):\n%s", diff)
			}
		})
	}
	if res := export(t, c, t.TempDir(), Options{}); res.Seq != 1 {
		t.Errorf("after the stops the next bundle is %d, want 1", res.Seq)
	}
}

// stopAfterWrite presses Stop once the first chunk is written.
type stopAfterWrite struct {
	writeFile
	stop func()
}

func (w *stopAfterWrite) Write(p []byte) (int, error) {
	n, err := w.writeFile.Write(p)
	w.stop()
	return n, err
}
