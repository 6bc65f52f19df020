package ui

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aead.dev/minisign"
	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/cellsync"
	"chibo/sync/payload"
)

// fakeSticks makes detectSticks find these folders, for the length of the test.
// ctrlE opens the sync page.
var ctrlE = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}

func fakeSticks(t *testing.T, sticks ...cellsync.Stick) {
	t.Helper()
	old := detectSticks
	detectSticks = func() []cellsync.Stick { return sticks }
	t.Cleanup(func() { detectSticks = old })
}

// openSync opens the quiet cell and its sync page with Ctrl+E, the way she would.
func (f *fixture) openSync() *syncPage {
	f.t.Helper()
	cs := f.openQuiet()
	f.do(func() { f.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlE) })
	if cs.page != pageSync {
		f.t.Fatalf("Ctrl+E shows page %q, want the sync page", cs.page)
	}
	sp := cs.sync
	if !sp.loaded || sp.exportBtn.Disabled() {
		f.t.Fatalf("sync page not loaded (error %q)", sp.errMsg.Text)
	}
	return sp
}

// exportDialog opens the export dialog and waits for the sticks to be looked for.
func (f *fixture) exportDialog(sp *syncPage) *exportDialog {
	f.t.Helper()
	f.do(func() { test.Tap(sp.exportBtn) })
	d := sp.export
	if d == nil || f.ui.topModal() != d.m {
		f.t.Fatal("the export button opened no dialog")
	}
	return d
}

// readBundle reads and verifies a bundle file with the cell's key.
func readBundle(t *testing.T, path string, pub minisign.PublicKey) *bundle.Bundle {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("bundle file: %v", err)
	}
	b, err := bundle.Read(bytes.NewReader(raw), int64(len(raw)), bundle.Limits{})
	if err != nil {
		t.Fatalf("bundle.Read: %v", err)
	}
	if err := b.Verify(pub); err != nil {
		t.Fatalf("Verify with the cell's key: %v", err)
	}
	return b
}

// testOffice is an office's two keys, made in the test.
type testOffice struct {
	pub  minisign.PublicKey
	priv minisign.PrivateKey
	id   *age.X25519Identity
}

func newTestOffice(t *testing.T) testOffice {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return testOffice{pub: pub, priv: priv, id: id}
}

const testOfficeName = "Đảng ủy xã Mường Khương"

// card writes the office's card into dir and returns its path.
func (o testOffice) card(t *testing.T, dir string) string {
	t.Helper()
	b, err := json.Marshal(payload.OfficeCard{Office: "XMK", OfficeName: testOfficeName,
		SigningKey: o.pub.String(), Recipient: o.id.Recipient().String()})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "XMK."+payload.OfficeCardExtension)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// receipt writes the office's receipt for the bundle b beside it, signed with priv, and
// returns its path.
func (o testOffice) receipt(t *testing.T, dir string, b *bundle.Bundle, priv minisign.PrivateKey) string {
	t.Helper()
	raw, err := b.Open(payload.RecordsPath, o.id)
	if err != nil {
		t.Fatalf("records of the bundle: %v", err)
	}
	rec, err := payload.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	r := payload.Receipt{Office: "XMK", OfficeName: testOfficeName, SigningKey: o.pub.String(),
		Recipient: o.id.Recipient().String(), Cell: b.Manifest.Cell, Seq: b.Manifest.Seq,
		ManifestHash: b.ManifestHash, Status: payload.ReceiptImported, ChainHead: rec.Head,
		Counts: payload.Counts{Members: len(rec.Members), Events: len(rec.Events), Meetings: len(rec.Meetings),
			Documents: len(rec.Documents)},
		Issued: time.Date(2026, 3, 20, 8, 0, 0, 0, time.UTC)}
	file, err := payload.EncodeReceipt(r, priv)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, payload.ReceiptName(b.Manifest.Cell, b.Manifest.Seq))
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExportFromThePage(t *testing.T) {
	stick := t.TempDir()
	fakeSticks(t, cellsync.Stick{Path: stick, Label: "KINGSTON"})
	f := newFixture(t, t.TempDir(), Options{})
	sp := f.openSync()
	if got, want := sp.lastExport.Text, i18n.T(i18n.VI, "ui.sync.last_export.none"); got != want {
		t.Errorf("last export before any = %q, want %q", got, want)
	}
	if !strings.Contains(sp.pending.Text, "4 đảng viên") {
		t.Errorf("what would travel = %q, want the 4 members", sp.pending.Text)
	}
	pub, err := f.ui.cell.cell.PublicKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sp.fingerprint.Text, bundle.Fingerprint(pub); got != want {
		t.Errorf("fingerprint shown = %q, want %q", got, want)
	}

	d := f.exportDialog(sp)
	if got, want := d.encLine.Text, i18n.T(i18n.VI, "ui.sync.export.not_encrypted"); got != want {
		t.Errorf("encryption line with no office key = %q, want %q", got, want)
	}
	if len(d.sticks) != 1 || !strings.Contains(d.sticks[0].Text, "KINGSTON") || !strings.Contains(d.sticks[0].Text, stick) {
		t.Fatalf("stick buttons = %d, want one for KINGSTON at %s", len(d.sticks), stick)
	}
	if f.win.Canvas().Focused() != d.sticks[0] {
		t.Errorf("focus = %T, want the stick's button, so Enter writes there", f.win.Canvas().Focused())
	}
	f.do(func() { d.sticks[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if d.err != nil {
		t.Fatalf("export failed: %v (dialog says %q)", d.err, d.outcome.Text)
	}
	if got, want := d.outcome.Text, i18n.T(i18n.VI, "ui.sync.export.safe"); got != want {
		t.Errorf("outcome = %q, want %q", got, want)
	}
	name := bundle.FileName("LUNGVAI", 1)
	if !strings.Contains(d.result.Text, name) || !strings.Contains(d.result.Text, "4 đảng viên") {
		t.Errorf("result = %q, want the file name %s and the 4 members", d.result.Text, name)
	}
	if d.progress.Value != 1 {
		t.Errorf("progress bar at %v after the export, want 1", d.progress.Value)
	}
	b := readBundle(t, filepath.Join(stick, name), pub)
	if b.Manifest.Cell != "LUNGVAI" || b.Manifest.Seq != 1 || b.Encrypted() {
		t.Errorf("manifest: cell %s seq %d encrypted %v, want LUNGVAI 1 in the clear", b.Manifest.Cell, b.Manifest.Seq, b.Encrypted())
	}
	entries, _ := os.ReadDir(stick)
	if len(entries) != 1 {
		t.Errorf("stick holds %d files, want just the bundle (no temporary file left)", len(entries))
	}
	// Escape closes the dialog; the page says what was sent.
	f.do(func() { f.ui.escape() })
	if f.ui.topModal() != nil {
		t.Error("Escape left the dialog open")
	}
	if !strings.Contains(sp.lastExport.Text, "Gói số 1") || !strings.Contains(sp.lastExport.Text, name) ||
		!strings.Contains(sp.lastExport.Text, f.ui.today().DMY()) {
		t.Errorf("last export = %q, want bundle 1, today's date and %s", sp.lastExport.Text, name)
	}
	if sp.exportBtn.Disabled() {
		t.Error("the export button stays disabled after the export")
	}
}

func TestExportEncryptedOnceOfficeKeyLoaded(t *testing.T) {
	stick := t.TempDir()
	fakeSticks(t, cellsync.Stick{Path: stick, Label: "USB"})
	f := newFixture(t, t.TempDir(), Options{})
	sp := f.openSync()
	office := newTestOffice(t)
	f.do(func() { sp.loadOfficeCard(office.card(t, t.TempDir()), false) })
	if m := f.ui.topModal(); m == nil {
		t.Fatal("no word after loading the office's key")
	}
	f.do(func() { f.ui.escape() })
	if want := bundle.Fingerprint(office.pub); !strings.Contains(sp.officeKey.Text, want) {
		t.Errorf("office key line = %q, want the fingerprint %s", sp.officeKey.Text, want)
	}
	d := f.exportDialog(sp)
	want := i18n.T(i18n.VI, "ui.sync.export.encrypted", map[string]any{"Office": testOfficeName})
	if d.encLine.Text != want {
		t.Errorf("encryption line = %q, want %q", d.encLine.Text, want)
	}
	f.do(func() { test.Tap(d.sticks[0]) })
	if d.err != nil {
		t.Fatalf("export: %v", d.err)
	}
	pub, _ := f.ui.cell.cell.PublicKey(context.Background())
	b := readBundle(t, d.res.Path, pub)
	if !b.Encrypted() {
		t.Error("the bundle is in the clear although the office's key is known")
	}
	if _, err := b.Open(payload.RecordsPath, office.id); err != nil {
		t.Errorf("the office cannot open the records: %v", err)
	}
}

// readOnlyDir is a folder the program cannot write into. Root writes anywhere a mode allows,
// so there the test uses /sys, which refuses new files even to root.
func readOnlyDir(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir
	}
	if f, err := os.CreateTemp("/sys", ".chibo-*"); err == nil {
		f.Close()
		os.Remove(f.Name())
		t.Skip("no folder that refuses writing to root here")
	}
	return "/sys"
}

func TestExportRefusedLeavesNoFile(t *testing.T) {
	ro := readOnlyDir(t)
	gone := filepath.Join(t.TempDir(), "usb-da-rut")
	fakeSticks(t)
	f := newFixture(t, t.TempDir(), Options{})
	sp := f.openSync()
	d := f.exportDialog(sp)
	if len(d.sticks) != 0 {
		t.Fatalf("stick buttons = %d with no stick", len(d.sticks))
	}
	if f.win.Canvas().Focused() != d.rescan {
		t.Errorf("focus with no stick = %T, want the look-again button", f.win.Canvas().Focused())
	}
	for _, tc := range []struct {
		name, dir string
		reason    error
	}{
		{"read-only", ro, cellsync.ErrNotWritable},
		{"stick pulled out", gone, cellsync.ErrDirMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.do(func() { d.exportTo(tc.dir) })
			if !errors.Is(d.err, tc.reason) {
				t.Fatalf("export error = %v, want %v", d.err, tc.reason)
			}
			if got, want := d.outcome.Text, errorText(d.err); got != want || strings.HasPrefix(got, "err.") || got == "" {
				t.Errorf("dialog says %q, want %q", got, want)
			}
			if got := d.outcome.Text; got == i18n.T(i18n.VI, "ui.sync.export.safe") {
				t.Error("the dialog claims success")
			}
			if _, err := os.Stat(filepath.Join(tc.dir, bundle.FileName("LUNGVAI", 1))); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a bundle file is there after the refusal: %v", err)
			}
			if f.win.Canvas().Focused() != d.retryBtn {
				t.Errorf("focus after a refusal = %T, want the try-again button", f.win.Canvas().Focused())
			}
			// Try again goes back to the choice of place, and looks for sticks again.
			f.do(func() { test.Tap(d.retryBtn) })
			if l, ok := d.places.Objects[0].(*widget.Label); !ok || l.Text != i18n.T(i18n.VI, "ui.sync.export.no_stick") {
				t.Errorf("after Try again the places show %v, want the no-stick sentence", d.places.Objects[0])
			}
		})
	}
	f.do(func() { f.ui.escape() })
	if got, want := sp.lastExport.Text, i18n.T(i18n.VI, "ui.sync.last_export.none"); got != want {
		t.Errorf("last export after refusals = %q, want %q", got, want)
	}
}

// exportOnce writes bundle 1 onto stick from the page and returns it, verified.
func (f *fixture) exportOnce(sp *syncPage, stick string) *bundle.Bundle {
	f.t.Helper()
	d := f.exportDialog(sp)
	f.do(func() { d.exportTo(stick) })
	if d.err != nil {
		f.t.Fatalf("export: %v", d.err)
	}
	f.do(func() { f.ui.escape() })
	pub, _ := f.ui.cell.cell.PublicKey(context.Background())
	return readBundle(f.t.(*testing.T), d.res.Path, pub)
}

func TestReadReceiptFromStick(t *testing.T) {
	stick := t.TempDir()
	fakeSticks(t, cellsync.Stick{Path: stick, Label: "KINGSTON"})
	f := newFixture(t, t.TempDir(), Options{})
	sp := f.openSync()
	b := f.exportOnce(sp, stick)
	office := newTestOffice(t)
	office.receipt(t, stick, b, office.priv)

	f.do(func() { test.Tap(sp.receiptBtn) })
	d := sp.receipt
	if d == nil || f.ui.topModal() != d.m {
		t.Fatal("the receipt button opened no dialog")
	}
	if len(d.items) != 1 || !strings.Contains(d.items[0].Text, "số 1") {
		t.Fatalf("receipts offered = %d, want the one on the stick", len(d.items))
	}
	f.do(func() { d.items[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if d.err != nil {
		t.Fatalf("reading the receipt: %v (dialog says %q)", d.err, d.lines.Text)
	}
	if !strings.Contains(d.title.Text, testOfficeName) || !strings.Contains(d.title.Text, "20/03/2026") {
		t.Errorf("title = %q, want the office and the receipt's date", d.title.Text)
	}
	if !strings.Contains(d.lines.Text, i18n.T(i18n.VI, "ui.sync.receipt.all_ok")) || !strings.Contains(d.lines.Text, "4 đảng viên") {
		t.Errorf("lines = %q, want everything received and the 4 members", d.lines.Text)
	}
	// The first receipt from an office shows its fingerprint to compare with its paper.
	if want := bundle.Fingerprint(office.pub); d.fpr.Text != want || !d.rr.PinnedNow {
		t.Errorf("fingerprint shown = %q (pinned now %v), want %q", d.fpr.Text, d.rr.PinnedNow, want)
	}
	if f.win.Canvas().Focused() != d.same {
		t.Errorf("focus = %T, want the match button", f.win.Canvas().Focused())
	}
	f.do(func() { test.Tap(d.same) })
	if f.ui.topModal() != nil {
		t.Error("the dialog stays open after the fingerprints matched")
	}
	if !strings.Contains(sp.lastReceipt.Text, "Gói số 1") || !strings.Contains(sp.lastReceipt.Text, "đã nhận đủ") {
		t.Errorf("last receipt = %q, want bundle 1 received in full", sp.lastReceipt.Text)
	}
	if got, want := sp.pending.Text, i18n.T(i18n.VI, "ui.sync.pending.nothing"); got != want {
		t.Errorf("what would travel after the receipt = %q, want %q", got, want)
	}
	if want := bundle.Fingerprint(office.pub); !strings.Contains(sp.officeKey.Text, want) {
		t.Errorf("office key line = %q, want the fingerprint pinned from the receipt", sp.officeKey.Text)
	}

	// The same receipt again changes nothing and says so.
	f.do(func() { test.Tap(sp.receiptBtn) })
	d = sp.receipt
	f.do(func() { test.Tap(d.items[0]) })
	if !d.rr.AlreadyRead || !strings.Contains(d.lines.Text, i18n.T(i18n.VI, "ui.sync.receipt.already_read")) {
		t.Errorf("second reading: already read %v, lines %q", d.rr.AlreadyRead, d.lines.Text)
	}
	f.do(func() { f.ui.escape() })
}

func TestForgedReceiptRefused(t *testing.T) {
	stick := t.TempDir()
	fakeSticks(t, cellsync.Stick{Path: stick, Label: "KINGSTON"})
	f := newFixture(t, t.TempDir(), Options{})
	sp := f.openSync()
	b := f.exportOnce(sp, stick)
	office := newTestOffice(t)
	path := office.receipt(t, stick, b, office.priv)
	// Someone raises a count after the office signed: still canonical JSON, no longer signed.
	raw, _ := os.ReadFile(path)
	forged := bytes.Replace(raw, []byte(`"members":4`), []byte(`"members":9`), 1)
	if bytes.Equal(raw, forged) {
		t.Fatalf("the receipt has no members count to alter: %s", raw)
	}
	if err := os.WriteFile(path, forged, 0o600); err != nil {
		t.Fatal(err)
	}

	f.do(func() { test.Tap(sp.receiptBtn) })
	d := sp.receipt
	f.do(func() { test.Tap(d.items[0]) })
	if !errors.Is(d.err, cellsync.ErrReceiptForged) {
		t.Fatalf("error = %v, want a forged receipt", d.err)
	}
	if got, want := d.title.Text, i18n.T(i18n.VI, "ui.sync.receipt.refused_title"); got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if got, want := d.lines.Text, errorText(d.err); got != want || got == "" || strings.HasPrefix(got, "sync.") {
		t.Errorf("refusal = %q, want %q", got, want)
	}
	f.do(func() { f.ui.escape() })
	if got, want := sp.lastReceipt.Text, i18n.T(i18n.VI, "ui.sync.last_receipt.none"); got != want {
		t.Errorf("last receipt after a forgery = %q, want %q", got, want)
	}
	if got, want := sp.officeKey.Text, i18n.T(i18n.VI, "ui.sync.office_key.unknown"); got != want {
		t.Errorf("office key after a forgery = %q, want still unknown", got)
	}
}

func TestRotateKeyAsksReasonThenConfirmation(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	sp := f.openSync()
	f.do(func() { test.Tap(sp.rotate) })
	d := sp.reason
	if d == nil || f.ui.topModal() != d.m {
		t.Fatal("no reason dialog")
	}
	// Enter with no reason: asks for one, and nothing changes.
	f.do(func() { f.ui.topModal().submit() })
	if !d.errMsg.Visible() {
		t.Error("no word about the missing reason")
	}
	test.Type(d.reason, "Theo yêu cầu của Đảng ủy xã")
	f.do(func() { f.ui.topModal().submit() })
	m := f.ui.topModal()
	if m == nil || m == d.m {
		t.Fatal("no confirmation after the reason")
	}
	// The confirmation starts on "no": Escape keeps the key.
	f.do(func() { f.ui.escape() })
	if sp.rotation.box.Visible() {
		t.Error("the key changed although she said no")
	}
	f.do(func() { test.Tap(sp.rotate) })
	test.Type(sp.reason.reason, "Theo yêu cầu của Đảng ủy xã")
	f.do(func() { f.ui.topModal().submit() })
	// Tab from "no" to "yes", then Enter.
	f.win.Canvas().FocusNext()
	yes, ok := f.win.Canvas().Focused().(*button)
	if !ok || yes.Text != i18n.T(i18n.VI, "ui.sync.rotate.yes") {
		t.Fatalf("Tab in the confirmation lands on %v, want the change-key button", f.win.Canvas().Focused())
	}
	f.do(func() { yes.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if m := f.ui.topModal(); m == nil {
		t.Error("no word after the key change")
	}
	f.do(func() { f.ui.escape() })
	if !sp.state.KeyChange.Pending || !sp.rotation.box.Visible() ||
		!strings.Contains(sp.rotation.input.(*widget.Label).Text, sp.state.KeyChange.Fingerprint) {
		t.Errorf("rotation line visible %v, want the pending key change", sp.rotation.box.Visible())
	}
}

func TestEnrolmentSheetPrintsAndSaves(t *testing.T) {
	var printed []string
	var heads []string
	f := newFixture(t, t.TempDir(), Options{Printer: func(path string) error {
		b, err := os.ReadFile(path)
		printed = append(printed, filepath.Base(path))
		heads = append(heads, string(b[:min(len(b), 5)]))
		return err
	}})
	sp := f.openSync()
	f.do(func() { test.Tap(sp.printBtn) })
	if len(printed) != 1 || heads[0] != "%PDF-" || !strings.Contains(printed[0], "LUNGVAI") {
		t.Fatalf("printed %v (starting %v), want the enrolment sheet PDF", printed, heads)
	}
	if sp.printBtn.Disabled() {
		t.Error("the print button stays disabled")
	}
	f.do(func() { f.ui.escape() })
	dir := t.TempDir()
	var got string
	f.do(func() { f.ui.savePaperTo(sp.sheetPaper(), dir, func(p string) { got = p }) })
	if b, err := os.ReadFile(got); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("saved sheet %q: %v", got, err)
	}
	f.do(func() { f.ui.escape() })
	f.do(func() { sp.saveKeyFile(dir) })
	b, err := os.ReadFile(filepath.Join(dir, "LUNGVAI.pub"))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := bundle.ParsePublicKey(b)
	if err != nil || pub.String() != sp.pub.String() {
		t.Errorf("key file %q reads as %v (%v), want the cell's key", b, pub.String(), err)
	}
}

// TestStopLeavesNoBundle: Stop during the export stops it; the dialog says so, the stick holds
// no file (not even a temporary one) and the page still has no bundle.
func TestStopLeavesNoBundle(t *testing.T) {
	stick := t.TempDir()
	fakeSticks(t, cellsync.Stick{Path: stick, Label: "KINGSTON"})
	// The real export, started only once Stop is pressed, so that Stop lands mid-way for sure.
	old := exportBundle
	exportBundle = func(ctx context.Context, c *store.Cell, dir string, opt cellsync.Options) (cellsync.Result, error) {
		<-ctx.Done()
		return old(ctx, c, dir, opt)
	}
	t.Cleanup(func() { exportBundle = old })
	f := newFixture(t, t.TempDir(), Options{})
	sp := f.openSync()
	d := f.exportDialog(sp)
	f.do(func() {
		d.exportTo(stick)
		if d.stopBtn.Disabled() {
			t.Error("the Stop button is disabled while writing")
		}
		test.Tap(d.stopBtn)
	})
	if !errors.Is(d.err, context.Canceled) {
		t.Fatalf("export error = %v, want a stopped export", d.err)
	}
	if got, want := d.outcome.Text, i18n.T(i18n.VI, "ui.sync.export.stopped"); got != want {
		t.Errorf("dialog says %q, want %q", got, want)
	}
	if entries, _ := os.ReadDir(stick); len(entries) != 0 {
		t.Errorf("the stick holds %d files after Stop, want none", len(entries))
	}
	f.do(func() { f.ui.escape() })
	if got, want := sp.lastExport.Text, i18n.T(i18n.VI, "ui.sync.last_export.none"); got != want {
		t.Errorf("last export after Stop = %q, want %q", got, want)
	}
}

// TestExportBehindOffersReceipt: the cell's file was restored from a backup older than bundle
// 1, which is on the stick with its receipt. Export refuses to write another bundle 1 and
// offers that receipt; reading it catches the numbering up, and the next bundle is 2.
func TestExportBehindOffersReceipt(t *testing.T) {
	ctx := context.Background()
	dir, stick := t.TempDir(), t.TempDir()
	fakeSticks(t, cellsync.Stick{Path: stick, Label: "KINGSTON"})
	office := newTestOffice(t)
	makeCell(t, dir, "LUNGVAI", "Chi bộ bản Lùng Vai", quietRoster()...)
	c, err := store.OpenCell(ctx, dir, "LUNGVAI", testPass)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cellsync.LoadOfficeCard(ctx, c, office.card(t, t.TempDir()), false); err != nil {
		t.Fatal(err)
	}
	backup, err := c.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cellsync.Export(ctx, c, stick, cellsync.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := c.PublicKey(ctx)
	b1 := readBundle(t, res.Path, pub)
	receipt := office.receipt(t, stick, b1, office.priv)
	c.Close()
	if r, err := store.RestoreBackup(ctx, dir, "LUNGVAI", backup, testPass); err != nil || !r.Exchanged {
		t.Fatalf("restore: %+v, %v", r, err)
	}

	f := newFixture(t, dir, Options{})
	f.do(func() { f.ui.start.load() })
	f.open("LUNGVAI", testPass)
	f.do(func() { f.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlE) })
	sp := f.ui.cell.sync
	d := f.exportDialog(sp)
	f.do(func() { test.Tap(d.sticks[0]) })
	if !errors.Is(d.err, cellsync.ErrBehind) {
		t.Fatalf("export after the restore: %v, want ErrBehind", d.err)
	}
	if !strings.Contains(d.outcome.Text, filepath.Base(receipt)) || !strings.Contains(d.outcome.Text, "chậm hơn") {
		t.Errorf("dialog says %q, want the numbering behind and the receipt's name", d.outcome.Text)
	}
	if d.readBtn == nil || f.win.Canvas().Focused() != d.readBtn || !strings.Contains(d.readBtn.Text, filepath.Base(receipt)) {
		t.Fatalf("the dialog does not offer the receipt (focus %T)", f.win.Canvas().Focused())
	}
	f.do(func() { d.readBtn.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	rd := sp.receipt
	if rd == nil || f.ui.topModal() != rd.m {
		t.Fatal("the receipt was not read in its dialog")
	}
	if rd.err != nil || !rd.rr.CaughtUp {
		t.Fatalf("reading the offered receipt: %+v, %v (dialog says %q)", rd.rr, rd.err, rd.lines.Text)
	}
	want := i18n.T(i18n.VI, "ui.sync.receipt.caught_up", map[string]any{"Seq": 1, "Next": 2})
	if !strings.Contains(rd.lines.Text, want) || strings.Contains(rd.lines.Text, i18n.T(i18n.VI, "ui.sync.receipt.all_ok")) {
		t.Errorf("lines = %q, want %q and not that only what is newer travels", rd.lines.Text, want)
	}
	f.do(func() { f.ui.escape() })
	if sp.behind.Visible() {
		t.Errorf("the page warns of lost minutes: %q", sp.behind.Text)
	}
	b2 := f.exportOnce(sp, stick)
	if b2.Manifest.Seq != 2 || b2.Manifest.PrevHash != b1.ManifestHash {
		t.Errorf("bundle after the catch-up: seq %d prev %q, want 2 naming bundle 1", b2.Manifest.Seq, b2.Manifest.PrevHash)
	}
}
