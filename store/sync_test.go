package store

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestSigningKeyIsSealed: the key is made with the cell, survives reopening, and neither its
// text nor its raw bytes are anywhere in the file.
func TestSigningKeyIsSealed(t *testing.T) {
	ctx := context.Background()
	c, dir := newCell(t)
	priv, err := c.SigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := c.PublicKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(priv.Public()) {
		t.Fatal("SigningKey and PublicKey are not one pair")
	}
	text, _ := priv.MarshalText()
	line := strings.SplitN(string(text), "\n", 2)[1]
	raw, err := base64.StdEncoding.DecodeString(line)
	if err != nil {
		t.Fatal(err)
	}
	seed := raw[62:94] // the Ed25519 seed in minisign's private key layout
	if _, err := c.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	var file []byte
	for _, s := range []string{"", "-wal"} {
		b, _ := os.ReadFile(c.Path() + s)
		file = append(file, b...)
	}
	if !bytes.Contains(file, []byte(pub.String())) {
		t.Fatal("the public key is not in the file: the search below would prove nothing")
	}
	for name, secret := range map[string][]byte{"key text": []byte(line), "seed": seed, "base64 of seed": []byte(base64.StdEncoding.EncodeToString(seed)[:40])} {
		if bytes.Contains(file, secret) {
			t.Errorf("the file holds the private key's %s in the clear", name)
		}
	}
	c.Close()
	if _, err := OpenCell(ctx, dir, testProfile.Code, "not the passphrase"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("open with a wrong passphrase: %v", err)
	}
	c2, err := OpenCell(ctx, dir, testProfile.Code, testPass)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	priv2, err := c2.SigningKey(ctx)
	if err != nil || !priv2.Equal(priv) {
		t.Errorf("after reopening the key is %v, %v; want the same key", priv2.ID(), err)
	}
	// A sealed key moved onto another key's row does not open: the public key is bound in.
	if _, err := c2.db.ExecContext(ctx, `
		UPDATE sync_keys
		SET public_key = substr(public_key, 1, 52) || CASE substr(public_key, 53) WHEN 'AAAA' THEN 'BBBB' ELSE 'AAAA' END`); err != nil {
		t.Fatal(err)
	}
	if _, err := c2.SigningKey(ctx); err == nil {
		t.Error("a sealed key opened under another public key")
	}
}

// TestOlderCellGetsKey: a cell that lacks a key (made before keys existed) gets one on opening.
func TestOlderCellGetsKey(t *testing.T) {
	ctx := context.Background()
	c, dir := newCell(t)
	if _, err := c.db.ExecContext(ctx, `DELETE FROM sync_keys`); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c2, err := OpenCell(ctx, dir, testProfile.Code, testPass)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, err := c2.SigningKey(ctx); err != nil {
		t.Errorf("no key after opening an older cell: %v", err)
	}
}

func sealedLen(t *testing.T, c *Cell, public string) int {
	var n int
	if err := c.db.QueryRow(`SELECT length(sealed) FROM sync_keys WHERE public_key = ?`, public).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestExchangeBookkeeping drives the store's side of exports and receipts without bundles:
// what is acknowledged, what a receipt refuses, rotation and reset.
func TestExchangeBookkeeping(t *testing.T) {
	ctx := context.Background()
	c, _ := newCell(t)
	st, err := c.SyncState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(SyncState{Epoch: 1}, st); diff != "" {
		t.Errorf("new cell's state (-want +got):\n%s", diff)
	}
	hash := func(s string) string { return strings.Repeat(s, 64)[:64] }
	export := func(seq uint64, epoch int, keyChange string, sent ...SyncItem) error {
		return c.RecordExport(ctx, SyncExport{Epoch: epoch, Seq: seq, ManifestHash: hash(string(rune('a' + seq + uint64(epoch)*5))),
			FileName: "x", Created: time.Now(), KeyChange: keyChange, Sent: sent})
	}
	if err := export(2, 1, ""); !errors.Is(err, ErrSyncChanged) {
		t.Errorf("export 2 before 1: %v, want ErrSyncChanged", err)
	}
	a1 := SyncItem{SyncMember, "m1", 1, hash("1")}
	a2 := SyncItem{SyncMember, "m1", 2, hash("2")}
	b1 := SyncItem{SyncMember, "m2", 1, hash("3")}
	if err := c.RotateKey(ctx, "đổi định kỳ"); err != nil {
		t.Fatal(err)
	}
	if err := c.RotateKey(ctx, "lần nữa"); !errors.Is(err, ErrKeyChangePending) {
		t.Errorf("second rotation: %v, want ErrKeyChangePending", err)
	}
	oldPub, _ := c.PublicKey(ctx)
	next, err := c.PendingKey(ctx)
	if err != nil || next.Reason != "đổi định kỳ" {
		t.Fatalf("pending key %+v, %v", next, err)
	}
	if err := export(1, 1, "", a1, b1); err != nil {
		t.Fatal(err)
	}
	if err := export(2, 1, next.PublicKey, a2); err != nil {
		t.Fatal(err)
	}
	e1, _ := c.SyncExportBySeq(ctx, 1)
	e2, _ := c.SyncExportBySeq(ctx, 2)
	receipt := func(e SyncExport, kept ...SyncItem) SyncReceipt {
		return SyncReceipt{Seq: e.Seq, Office: "MK", ManifestHash: e.ManifestHash, Status: "imported", Kept: kept, Bytes: []byte("r")}
	}
	if err := c.ApplyReceipt(ctx, SyncReceipt{Seq: 1, ManifestHash: hash("f")}, nil); !errors.Is(err, ErrUnknownBundle) {
		t.Errorf("receipt for an unknown manifest: %v", err)
	}
	// Receipt 1 acknowledges m1 v1; m2 is kept aside by the office and stays unacknowledged.
	if err := c.ApplyReceipt(ctx, receipt(e1, SyncItem{Kind: SyncMember, ID: "m2", Version: 1}), nil); err != nil {
		t.Fatal(err)
	}
	acked, _ := c.Acknowledged(ctx)
	if diff := cmp.Diff(map[SyncKey]SyncItem{{SyncMember, "m1"}: a1}, acked); diff != "" {
		t.Errorf("after receipt 1 (-want +got):\n%s", diff)
	}
	if _, err := c.PendingKey(ctx); err != nil {
		t.Error("the rotation completed although bundle 2, which announced it, is not acknowledged")
	}
	if err := c.ApplyReceipt(ctx, receipt(e1), nil); !errors.Is(err, ErrStaleReceipt) {
		t.Errorf("receipt 1 again at the store: %v, want ErrStaleReceipt", err)
	}
	if err := c.ApplyReceipt(ctx, receipt(e2), &Office{Code: "MK", Name: "Đảng ủy xã Mường Khương", SigningKey: "k", How: PinnedByReceipt}); err != nil {
		t.Fatal(err)
	}
	acked, _ = c.Acknowledged(ctx)
	if acked[SyncKey{SyncMember, "m1"}] != a2 {
		t.Errorf("after receipt 2, m1 is acknowledged as %+v, want version 2", acked[SyncKey{SyncMember, "m1"}])
	}
	pub, _ := c.PublicKey(ctx)
	if pub.String() != next.PublicKey {
		t.Error("after the receipt for the bundle that announced it, the next key is not current")
	}
	if _, err := c.PendingKey(ctx); !errors.Is(err, ErrNotFound) {
		t.Errorf("a rotation is still pending: %v", err)
	}
	if n := sealedLen(t, c, oldPub.String()); n != 0 {
		t.Errorf("the retired key's sealed private half is %d bytes, want wiped", n)
	}
	if o, err := c.Office(ctx); err != nil || o.Code != "MK" || o.How != PinnedByReceipt {
		t.Errorf("office %+v, %v", o, err)
	}

	// Reset: new epoch, numbers from 1, nothing acknowledged, a note to carry.
	if err := c.ResetKey(ctx, "máy tính bị mất"); err != nil {
		t.Fatal(err)
	}
	st, _ = c.SyncState(ctx)
	if diff := cmp.Diff(SyncState{Epoch: 2}, st); diff != "" {
		t.Errorf("after reset (-want +got):\n%s", diff)
	}
	if acked, _ := c.Acknowledged(ctx); len(acked) != 0 {
		t.Errorf("after reset %d records are still acknowledged", len(acked))
	}
	notes, _ := c.PendingNotes(ctx)
	if len(notes) != 1 || !strings.Contains(notes[0].Text, "máy tính bị mất") || !strings.Contains(notes[0].Text, "bắt đầu lại từ 1") {
		t.Errorf("notes after reset: %+v", notes)
	}
	keys, _ := c.SigningKeys(ctx)
	states := []string{}
	for _, k := range keys {
		states = append(states, k.State)
	}
	if diff := cmp.Diff([]string{KeyRetired, KeyRetired, KeyCurrent}, states); diff != "" {
		t.Errorf("key states (-want +got):\n%s", diff)
	}
	if err := export(1, 2, "", SyncItem{Kind: SyncNote, ID: "1", Version: 1, Hash: "h"}); err != nil {
		t.Fatal(err)
	}
	e, _ := c.SyncExportBySeq(ctx, 1)
	if err := c.ApplyReceipt(ctx, receipt(e2), nil); !errors.Is(err, ErrUnknownBundle) {
		t.Errorf("a receipt of the old epoch: %v, want ErrUnknownBundle", err)
	}
	if err := c.ApplyReceipt(ctx, receipt(e), nil); err != nil {
		t.Fatal(err)
	}
	if notes, _ := c.PendingNotes(ctx); len(notes) != 0 {
		t.Errorf("the note is still pending after its bundle was acknowledged: %+v", notes)
	}
	if err := c.CheckIntegrity(ctx); err != nil {
		t.Error(err)
	}
}

// TestCatchUp: after a restore the database forgets bundles the office holds; a receipt for a
// later bundle moves the numbering on, forgets what was acknowledged and moves the
// acknowledged head only to an entry the cell's chain has. A backup that had exchanged
// bundles says so when restored.
func TestCatchUp(t *testing.T) {
	ctx := context.Background()
	c, _ := newCell(t)
	hash := func(s string) string { return strings.Repeat(s, 64)[:64] }
	a1 := SyncItem{SyncMember, "m1", 1, hash("1")}
	if err := c.RecordExport(ctx, SyncExport{Epoch: 1, Seq: 1, ManifestHash: hash("a"), FileName: "x", Created: time.Now(), Sent: []SyncItem{a1}}); err != nil {
		t.Fatal(err)
	}
	if err := c.ApplyReceipt(ctx, SyncReceipt{Seq: 1, Office: "MK", ManifestHash: hash("a"), Status: "imported", Bytes: []byte("r")}, nil); err != nil {
		t.Fatal(err)
	}
	backup, err := c.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := RestoreBackup(ctx, t.TempDir(), testProfile.Code, backup, testPass); err != nil || !res.Exchanged {
		t.Errorf("restoring a copy that exported a bundle: %+v, %v; want Exchanged", res, err)
	}

	bundle := func(seq uint64, h string) SyncExport {
		return SyncExport{Seq: seq, ManifestHash: hash(h), FileName: "LV-3", Created: time.Now()}
	}
	receipt := func(seq uint64, h string, headSeq int, headHash string) SyncReceipt {
		return SyncReceipt{Seq: seq, Office: "MK", ManifestHash: hash(h), Status: "imported", HeadSeq: headSeq, HeadHash: headHash, Bytes: []byte("r")}
	}
	before, _ := c.SyncState(ctx)
	if _, err := c.CatchUp(ctx, bundle(1, "b"), receipt(1, "b", 0, ""), nil); !errors.Is(err, ErrSyncChanged) {
		t.Errorf("catch up to a bundle the cell has: %v, want ErrSyncChanged", err)
	}
	if after, _ := c.SyncState(ctx); after != before {
		t.Errorf("a refused catch-up changed the state: %+v → %+v", before, after)
	}
	// The office holds chain entry 2, which this cell (with no approved minutes) lacks.
	reached, err := c.CatchUp(ctx, bundle(3, "c"), receipt(3, "c", 2, hash("e")), &Office{Code: "MK", Name: "Đảng ủy xã", SigningKey: "k", How: PinnedByCard})
	if err != nil || reached {
		t.Fatalf("catch up to 3: reached %v, %v; want the head not reached", reached, err)
	}
	st, _ := c.SyncState(ctx)
	if diff := cmp.Diff(SyncState{Epoch: 1, LastSeq: 3, LastManifestHash: hash("c"), AckedSeq: 3}, st); diff != "" {
		t.Errorf("state after the catch-up (-want +got):\n%s", diff)
	}
	if acked, _ := c.Acknowledged(ctx); len(acked) != 0 {
		t.Errorf("still acknowledged: %+v", acked)
	}
	if r, err := c.LastReceipt(ctx); err != nil || r.Seq != 3 {
		t.Errorf("last receipt %+v, %v", r, err)
	}
	if err := c.RecordExport(ctx, SyncExport{Epoch: 1, Seq: 4, ManifestHash: hash("d"), FileName: "x", Created: time.Now()}); err != nil {
		t.Errorf("bundle 4 after catching up to 3: %v", err)
	}
	// An empty chain at the office is reached by any cell.
	if reached, err := c.CatchUp(ctx, bundle(6, "f"), receipt(6, "f", 0, ""), nil); err != nil || !reached {
		t.Errorf("catch up to 6: %v, %v", reached, err)
	}
	if err := c.CheckIntegrity(ctx); err != nil {
		t.Error(err)
	}
}
