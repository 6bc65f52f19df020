package cellsync

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"aead.dev/minisign"
	"filippo.io/age"

	"chibo/demo"
	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/payload"
)

const testPass = "mật khẩu thử"

// demoCell makes the demo cell (members, two years of meetings) in a fresh folder.
func demoCell(t testing.TB, code string) *store.Cell {
	t.Helper()
	c, err := demo.Create(context.Background(), t.TempDir(), code, testPass, store.Today(), store.WithKDF(store.FastKDF))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.CheckIntegrity(context.Background()); err != nil {
			t.Errorf("integrity: %v", err)
		}
		c.Close()
	})
	return c
}

// testOffice is an office's keys, made here so the tests do not depend on package office.
type testOffice struct {
	code, name string
	id         *age.X25519Identity
	pub        minisign.PublicKey
	priv       minisign.PrivateKey
}

func newOffice(t testing.TB, code string) *testOffice {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &testOffice{code: code, name: "Đảng ủy xã Mường Khương", id: id, pub: pub, priv: priv}
}

func (o *testOffice) card() payload.OfficeCard {
	return payload.OfficeCard{Office: o.code, OfficeName: o.name, SigningKey: o.pub.String(), Recipient: o.id.Recipient().String()}
}

// writeCard writes the office's card file and returns its path.
func (o *testOffice) writeCard(t testing.TB) string {
	t.Helper()
	b, _ := json.Marshal(o.card())
	p := filepath.Join(t.TempDir(), o.code+"."+payload.OfficeCardExtension)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// openBundle reads and verifies the bundle at path with pub and returns it with its records.
func openBundle(t testing.TB, path string, pub minisign.PublicKey, id age.Identity) (*bundle.Bundle, *payload.Records) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Read(bytes.NewReader(data), int64(len(data)), bundle.Limits{})
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	if err := b.Verify(pub); err != nil {
		t.Fatalf("verify %s: %v", path, err)
	}
	rj, err := b.Open(payload.RecordsPath, id)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := payload.Decode(rj)
	if err != nil {
		t.Fatalf("records.json of %s: %v", path, err)
	}
	return b, rec
}

// receipt makes the office's receipt for the bundle at path, as the office would, signed
// with signer (normally o.priv) naming o's keys, and writes it into a folder of its own.
func (o *testOffice) receipt(t testing.TB, path string, pub minisign.PublicKey, edit func(*payload.Receipt), signer minisign.PrivateKey) string {
	t.Helper()
	b, rec := openBundle(t, path, pub, o.id)
	r := payload.Receipt{
		Office: o.code, OfficeName: o.name, SigningKey: o.pub.String(), Recipient: o.id.Recipient().String(),
		Cell: b.Manifest.Cell, Seq: b.Manifest.Seq, ManifestHash: b.ManifestHash, Status: payload.ReceiptImported,
		ChainHead: rec.Head,
		Counts: payload.Counts{Members: len(rec.Members), Events: len(rec.Events), Meetings: len(rec.Meetings),
			Documents: len(rec.Documents)},
		Issued: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
	}
	if edit != nil {
		edit(&r)
	}
	data, err := payload.EncodeReceipt(r, signer)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), payload.ReceiptName(r.Cell, r.Seq))
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// snapshot is everything of the exchange a test can see from outside the store; two equal
// snapshots mean a refused operation changed nothing.
type snapshot struct {
	State   store.SyncState
	Acked   []store.SyncItem
	Exports []store.SyncExport
	Office  store.Office
	Receipt store.SyncReceipt
	Keys    []store.SigningKeyInfo
	Notes   []store.ExchangeNote
}

func snap(t testing.TB, c *store.Cell) snapshot {
	t.Helper()
	ctx := context.Background()
	var s snapshot
	var err error
	if s.State, err = c.SyncState(ctx); err != nil {
		t.Fatal(err)
	}
	acked, err := c.Acknowledged(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range acked {
		s.Acked = append(s.Acked, it)
	}
	sort.Slice(s.Acked, func(i, j int) bool { return s.Acked[i].Kind+s.Acked[i].ID < s.Acked[j].Kind+s.Acked[j].ID })
	s.Exports, _ = c.SyncExports(ctx)
	s.Office, _ = c.Office(ctx)
	s.Receipt, _ = c.LastReceipt(ctx)
	s.Keys, _ = c.SigningKeys(ctx)
	s.Notes, _ = c.PendingNotes(ctx)
	return s
}

// listDir returns the names in dir.
func listDir(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func export(t testing.TB, c *store.Cell, dir string, opt Options) Result {
	t.Helper()
	res, err := Export(context.Background(), c, dir, opt)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return res
}

func approvedCount(t testing.TB, c *store.Cell) int {
	t.Helper()
	ms, err := c.ListMeetings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range ms {
		if m.Status == store.StatusApproved {
			n++
		}
	}
	return n
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return v
}
