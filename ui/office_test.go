package ui

import (
	"context"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chibo/demo"
	"chibo/i18n"
	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/cellsync"
	"chibo/sync/office"
	"chibo/sync/office/officetest"
	"chibo/sync/payload"
)

const officePass = "van-phong-1"

// testToday is the day the office tests run on (the demo's meetings are relative to it).
var testToday = time.Date(2026, 3, 15, 9, 0, 0, 0, time.Local)

// officeWorld is a data folder with an office profile, and a "stick" folder with a demo
// cell's first bundle and its key file.
type officeWorld struct {
	dir, stick string
	keyFile    []byte // the cell's public key file, as the cell hands it over
	bundlePath string
}

// newOfficeWorld makes the office XMK and exports the demo cell DEMO's first bundle.
func newOfficeWorld(t testing.TB) officeWorld {
	t.Helper()
	ctx := context.Background()
	w := officeWorld{dir: t.TempDir(), stick: t.TempDir()}
	o, err := office.Create(ctx, w.dir, office.Profile{Code: "XMK", Name: "Đảng ủy xã Mường Khương", Level: store.LevelCommune},
		officePass, store.WithKDF(store.FastKDF))
	if err != nil {
		t.Fatalf("office.Create: %v", err)
	}
	o.Close()
	c, err := demo.Create(ctx, w.dir, "DEMO", demoPassphrase, store.DateOf(testToday), store.WithKDF(store.FastKDF))
	if err != nil {
		t.Fatalf("demo.Create: %v", err)
	}
	defer c.Close()
	if w.keyFile, err = cellsync.PublicKeyFile(ctx, c); err != nil {
		t.Fatalf("PublicKeyFile: %v", err)
	}
	res, err := cellsync.Export(ctx, c, w.stick, cellsync.Options{})
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	w.bundlePath = res.Path
	return w
}

func newOfficeFixture(t testing.TB, dir string) *fixture {
	f := newFixture(t, dir, Options{Now: func() time.Time { return testToday }})
	t.Cleanup(func() {
		f.ui.doMu.Lock()
		f.ui.closeOffice()
		f.ui.doMu.Unlock()
		f.ui.wait()
	})
	return f
}

// openOffice unlocks the office with this code from the start screen.
func (f *fixture) openOffice(code, pass string) *unlockDialog {
	f.t.Helper()
	s := f.ui.start.offices
	for i, o := range s.offices {
		if o.Code == code {
			test.Tap(s.opens[i])
		}
	}
	d := s.unlock
	if d == nil {
		f.t.Fatalf("no passphrase dialog for office %s (offices listed: %+v)", code, s.offices)
	}
	test.Type(d.pass, pass)
	f.do(func() { test.Tap(d.open) })
	return d
}

func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func TestOfficeCreateFromWindow(t *testing.T) {
	dir := t.TempDir()
	f := newOfficeFixture(t, dir)
	s := f.ui.start.offices
	if want := i18n.T(i18n.VI, "ui.office.start.none"); s.note.Text != want || !s.note.Visible() {
		t.Errorf("office section note = %q, want %q", s.note.Text, want)
	}
	test.Tap(s.create)
	form := s.form
	if form == nil {
		t.Fatal("no office create form")
	}
	// Passphrases that differ are refused under the second field, and nothing is made.
	test.Type(form.code, "xmk")
	test.Type(form.name, "Đảng ủy xã Mường Khương")
	test.Type(form.pass, officePass)
	test.Type(form.pass2, "khac-han")
	f.do(func() { test.Tap(form.create) })
	if f.ui.office != nil {
		t.Fatal("an office was made with two different passphrases")
	}
	if got := form.fields["passphrase2"].errMsg.Text; got != i18n.T(i18n.VI, "err.passphrase_mismatch") {
		t.Errorf("second passphrase error = %q", got)
	}
	form.pass2.SetText("")
	test.Type(form.pass2, officePass)
	form.level.SetSelectedIndex(1) // ward: the level is data
	f.do(func() { test.Tap(form.create) })
	scr := f.ui.office
	if scr == nil {
		t.Fatalf("office not open after create; summary %q", form.summary.Text)
	}
	if got := scr.title.Text; got != "Đảng ủy xã Mường Khương" {
		t.Errorf("office title = %q", got)
	}
	if !strings.Contains(scr.sub.Text, "XMK") {
		t.Errorf("office header = %q, want the code XMK in it", scr.sub.Text)
	}
	if got := scr.off.Profile().Level; got != store.LevelWard {
		t.Errorf("level = %q, want %q", got, store.LevelWard)
	}
	// Ctrl+3 shows the consolidated page, Ctrl+L locks and the start screen lists the office.
	f.do(func() { f.ui.shortcut(ctrl(fyne.Key3)) })
	if scr.page != officePageReport {
		t.Errorf("page after Ctrl+3 = %d, want the report", scr.page)
	}
	f.do(func() { f.ui.shortcut(ctrl(fyne.KeyL)) })
	if f.ui.office != nil || f.ui.start == nil {
		t.Fatal("Ctrl+L did not lock the office")
	}
	if n := len(f.ui.start.offices.offices); n != 1 {
		t.Fatalf("start screen lists %d offices, want 1", n)
	}
	d := f.openOffice("XMK", "sai-mat-khau")
	if f.ui.office != nil {
		t.Fatal("a wrong passphrase opened the office")
	}
	if want := i18n.T(i18n.VI, "err.wrong_passphrase"); d.errMsg.Text != want {
		t.Errorf("wrong passphrase error = %q, want %q", d.errMsg.Text, want)
	}
	test.Type(d.pass, officePass)
	f.do(func() { test.Tap(d.open) })
	if f.ui.office == nil {
		t.Fatal("the right passphrase did not open the office")
	}
}

// enrolDemo enrols the demo cell's key from the cells page, checking the fingerprint step.
func enrolDemo(t *testing.T, f *fixture, keyFile []byte) {
	t.Helper()
	scr := f.ui.office
	f.do(func() { f.ui.shortcut(ctrl(fyne.KeyN)) })
	d := scr.cells.enrolDlg
	if d == nil {
		t.Fatal("Ctrl+N opened no enrolment dialog")
	}
	// Not a key: refused with a sentence, still at the first step.
	test.Type(d.keyText, "không phải khóa")
	test.Tap(d.next)
	if !d.errMsg.Visible() || d.step2.Visible() {
		t.Fatalf("a non-key was accepted (error %q)", d.errMsg.Text)
	}
	d.keyText.SetText(string(keyFile))
	test.Tap(d.next)
	if !d.step2.Visible() {
		t.Fatalf("a key file did not lead to the fingerprint (error %q)", d.errMsg.Text)
	}
	k, err := office.ParseCellKey(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	fp := bundle.Fingerprint(k.Key)
	if got := d.fpLabel.String(); got != fp {
		t.Errorf("fingerprint shown = %q, want %q", got, fp)
	}
	if !strings.Contains(d.who.Text, "DEMO") {
		t.Errorf("who = %q, want the cell code", d.who.Text)
	}
	if !d.enrolOK.Disabled() {
		t.Error("enrol button enabled before the fingerprint was confirmed")
	}
	groups := strings.Split(fp, "-")
	test.Type(d.confirm, groups[0])
	if !d.enrolOK.Disabled() {
		t.Error("enrol button enabled with the wrong group typed")
	}
	f.do(func() { d.submit() }) // Enter with the wrong group: a sentence, no enrolment
	if want := i18n.T(i18n.VI, "ui.office.enrol.confirm_wrong"); d.errMsg.Text != want {
		t.Errorf("error with the wrong group = %q, want %q", d.errMsg.Text, want)
	}
	d.confirm.SetText("")
	test.Type(d.confirm, strings.ToUpper(groups[len(groups)-1]))
	if d.enrolOK.Disabled() {
		t.Fatal("enrol button still disabled with the last group typed")
	}
	f.do(func() { test.Tap(d.enrolOK) })
	if m := f.ui.topModal(); m == nil {
		t.Fatal("no message after enrolment")
	} else {
		m.d.Hide()
	}
	f.ui.wait()
	if len(scr.cells.cells) != 1 || scr.cells.cells[0].Code != "DEMO" {
		t.Fatalf("cells after enrolment = %+v, want DEMO", scr.cells.cells)
	}
	if scr.cells.cells[0].Fingerprint != fp {
		t.Errorf("enrolled fingerprint = %q, want %q", scr.cells.cells[0].Fingerprint, fp)
	}
}

// importFolder lists the bundles of dir on the import page and imports them all.
func importFolder(t *testing.T, f *fixture, dir string) []office.Result {
	t.Helper()
	scr := f.ui.office
	f.do(func() { f.ui.shortcut(ctrl(fyne.Key1)) })
	p := scr.imports
	f.do(func() { p.openFolder(dir) })
	if len(p.found) == 0 {
		t.Fatalf("no bundle found in %s (%q)", dir, p.filesMsg.Text)
	}
	f.do(func() { test.Tap(p.all) })
	if p.running {
		t.Fatal("import still running after wait")
	}
	return p.last
}

func TestOfficeEnrolImportReport(t *testing.T) {
	w := newOfficeWorld(t)
	f := newOfficeFixture(t, w.dir)
	f.openOffice("XMK", officePass)
	if f.ui.office == nil {
		t.Fatal("office not open")
	}
	enrolDemo(t, f, w.keyFile)

	res := importFolder(t, f, w.stick)
	if len(res) != 1 {
		t.Fatalf("results = %d, want 1", len(res))
	}
	r := res[0]
	if r.Outcome != office.OutcomeImported {
		t.Fatalf("outcome = %s (%v), want imported", r.Outcome, r.Err)
	}
	lines := resultLines(r)
	var text []string
	for _, l := range lines {
		text = append(text, l.text)
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"Đã nhập", "DEMO", "gói số 1", "đảng viên", "biên bản", "giấy biên nhận"} {
		if !strings.Contains(all, want) {
			t.Errorf("result row:\n%s\nwant %q in it", all, want)
		}
	}
	if r.ReceiptPath == "" {
		t.Errorf("no receipt written (%v)", r.ReceiptErr)
	} else if _, err := os.Stat(r.ReceiptPath); err != nil {
		t.Errorf("receipt: %v", err)
	}
	if n := len(f.ui.office.imports.results.Objects); n != 1 {
		t.Errorf("result rows shown = %d, want 1", n)
	}

	// Importing again is harmless and says so.
	res = importFolder(t, f, w.stick)
	if len(res) != 1 || res[0].Outcome != office.OutcomeAlreadyImported {
		t.Fatalf("second import = %+v, want already imported", res)
	}
	if got := resultLines(res[0])[1].text; got != i18n.T(i18n.VI, "ui.office.result.already") {
		t.Errorf("already imported line = %q", got)
	}

	// The consolidated view lists the cell with its members and months.
	scr := f.ui.office
	f.do(func() { f.ui.shortcut(ctrl(fyne.Key3)) })
	rp := scr.report
	if len(rp.rep.Cells) != 1 || rp.rep.Cells[0].Code != "DEMO" {
		t.Fatalf("report cells = %+v", rp.rep.Cells)
	}
	if rows, cols := rp.size(); rows != 1 || cols != repColFirstMonth+repMonths+2 {
		t.Errorf("table size = %d×%d", rows, cols)
	}
	c := rp.rep.Cells[0]
	if c.MembersTotal == 0 {
		t.Error("the report counts no members")
	}
	f.do(func() { rp.table.Select(widget.TableCellID{Row: 0, Col: 0}) })
	if len(rp.members) != c.MembersTotal {
		t.Errorf("roster below the table has %d members, want %d", len(rp.members), c.MembersTotal)
	}
	if len(rp.meets) == 0 {
		t.Error("no meetings below the table")
	}
	if !strings.Contains(rp.detail.Text, "DEMO") {
		t.Errorf("detail heading = %q", rp.detail.Text)
	}

	// The documents page lists the PDFs the bundle carried, and printing hands one over.
	var printed []string
	f.ui.opts.Printer = func(path string) error {
		b, err := os.ReadFile(path)
		if err == nil && !strings.HasPrefix(string(b), "%PDF") {
			t.Errorf("printed file is not a PDF")
		}
		printed = append(printed, filepath.Base(path))
		return err
	}
	f.do(func() { f.ui.shortcut(ctrl(fyne.Key4)) })
	dp := scr.docs
	if len(dp.docs) == 0 {
		t.Fatalf("no documents listed (%q)", dp.msg.Text)
	}
	f.do(func() { dp.list.Select(0) })
	f.do(func() { f.ui.shortcut(ctrl(fyne.KeyP)) })
	if len(printed) != 1 {
		t.Errorf("printed %v, want one document", printed)
	}
	if m := f.ui.topModal(); m == nil {
		t.Error("nothing said after printing")
	} else {
		m.d.Hide()
	}

	// The keys page shows the office's fingerprint and saves the card.
	f.do(func() { f.ui.shortcut(ctrl(fyne.Key5)) })
	if got := scr.keys.sign.String(); got != scr.off.Fingerprint() {
		t.Errorf("keys page fingerprint = %q, want %q", got, scr.off.Fingerprint())
	}
	out := t.TempDir()
	f.do(func() { scr.keys.saveCardTo(out) })
	if _, err := os.Stat(filepath.Join(out, office.CardName("XMK"))); err != nil {
		t.Errorf("office card: %v", err)
	}
}

func TestOfficeRefusesDamagedBundle(t *testing.T) {
	w := newOfficeWorld(t)
	// A second folder holds a copy of the bundle with one byte changed in the middle.
	bad := t.TempDir()
	b, err := os.ReadFile(w.bundlePath)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x40
	if err := os.WriteFile(filepath.Join(bad, filepath.Base(w.bundlePath)), b, 0o600); err != nil {
		t.Fatal(err)
	}
	f := newOfficeFixture(t, w.dir)
	f.openOffice("XMK", officePass)
	enrolDemo(t, f, w.keyFile)
	ctx := context.Background()
	before, err := f.ui.office.off.ReportAt(ctx, store.DateOf(testToday))
	if err != nil {
		t.Fatal(err)
	}

	res := importFolder(t, f, bad)
	if len(res) != 1 || res[0].Outcome != office.OutcomeRefused {
		t.Fatalf("results = %+v, want one refusal", res)
	}
	lines := resultLines(res[0])
	sentence := errorText(res[0].Err)
	if sentence == "" || strings.HasPrefix(sentence, "office") {
		t.Fatalf("refusal sentence = %q", sentence)
	}
	if lines[1].text != sentence {
		t.Errorf("refusal line = %q, want the exact sentence %q", lines[1].text, sentence)
	}
	if !strings.HasPrefix(lines[0].text, "Từ chối") {
		t.Errorf("headline = %q, want it to start with Từ chối", lines[0].text)
	}
	if _, err := os.Stat(filepath.Join(bad, strings.TrimSuffix(filepath.Base(w.bundlePath), "."+bundle.Extension)+".chibo-receipt")); err == nil {
		t.Error("a receipt was written for a refused bundle")
	}
	after, err := f.ui.office.off.ReportAt(ctx, store.DateOf(testToday))
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Cells) != 1 || after.Cells[0].LastSeq != before.Cells[0].LastSeq ||
		after.Cells[0].MembersTotal != before.Cells[0].MembersTotal || after.Cells[0].Documents != 0 {
		t.Errorf("office changed by a refused bundle: before %+v, after %+v", before.Cells, after.Cells)
	}
	// The good bundle still imports afterwards.
	if res := importFolder(t, f, w.stick); len(res) != 1 || res[0].Outcome != office.OutcomeImported {
		t.Errorf("good bundle after the refusal: %+v", res)
	}
}

// TestOfficeScreenshots saves docs/screenshots/office-import.png and office-report.png at
// 1366×768 when CHIBO_SCREENSHOTS names the folder to write them into:
//
//	CHIBO_SCREENSHOTS=$PWD/docs/screenshots CGO_ENABLED=0 go test ./ui -run OfficeScreenshots
func TestOfficeScreenshots(t *testing.T) {
	out := os.Getenv("CHIBO_SCREENSHOTS")
	if out == "" {
		t.Skip("CHIBO_SCREENSHOTS not set")
	}
	ctx := context.Background()
	w := newOfficeWorld(t)
	o, err := office.Open(ctx, w.dir, "XMK", officePass)
	if err != nil {
		t.Fatal(err)
	}
	enrol := func(keyFile []byte) {
		k, err := office.ParseCellKey(keyFile)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := o.Enroll(ctx, office.EnrollRequest{Cell: k.Cell, Name: k.Name, Key: k.Key}); err != nil {
			t.Fatal(err)
		}
	}
	enrol(w.keyFile)
	// Two more cells: one whose bundle imports, one whose bundle was damaged on the stick.
	for _, code := range []string{"DEMO2", "DEMO3"} {
		c, err := demo.Create(ctx, w.dir, code, demoPassphrase, store.DateOf(testToday), store.WithKDF(store.FastKDF))
		if err != nil {
			t.Fatal(err)
		}
		prof := c.Profile()
		prof.Name = map[string]string{"DEMO2": "Chi bộ bản Pha Long", "DEMO3": "Chi bộ bản Sả Chải"}[code]
		if err := c.UpdateProfile(ctx, prof); err != nil {
			t.Fatal(err)
		}
		key, err := cellsync.PublicKeyFile(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		enrol(key)
		res, err := cellsync.Export(ctx, c, w.stick, cellsync.Options{})
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		if code == "DEMO3" {
			b, _ := os.ReadFile(res.Path)
			b[len(b)/2] ^= 0x40
			os.WriteFile(res.Path, b, 0o600)
		}
	}
	// A cell that records members but no meeting: its months show as missed.
	makeCell(t, w.dir, "NAMCHAY", "Chi bộ thôn Nậm Chảy", quietRoster()...)
	c, err := store.OpenCell(ctx, w.dir, "NAMCHAY", testPass)
	if err != nil {
		t.Fatal(err)
	}
	key, err := cellsync.PublicKeyFile(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	enrol(key)
	_, err = cellsync.Export(ctx, c, w.stick, cellsync.Options{})
	c.Close()
	if err != nil {
		t.Fatal(err)
	}
	o.Close()

	f := newOfficeFixture(t, w.dir)
	f.win.Resize(fyne.NewSize(1366, 768))
	f.openOffice("XMK", officePass)
	if f.ui.office == nil {
		t.Fatal("office not open")
	}
	importFolder(t, f, w.stick)
	capture(t, f.win, filepath.Join(out, "office-import.png"))

	scr := f.ui.office
	f.do(func() { f.ui.shortcut(ctrl(fyne.Key3)) })
	f.do(func() { scr.report.table.Select(widget.TableCellID{Row: 0, Col: 0}) })
	capture(t, f.win, filepath.Join(out, "office-report.png"))

	// The other pages, for a look, outside the documentation folder.
	more := filepath.Join(os.TempDir(), "chibo-office-shots")
	os.MkdirAll(more, 0o755)
	f.do(func() { f.ui.shortcut(ctrl(fyne.Key2)) })
	capture(t, f.win, filepath.Join(more, "cells.png"))
	f.do(func() { scr.cells.list.Select(0) })
	f.do(func() { test.Tap(scr.cells.again) })
	d := scr.cells.enrolDlg
	d.keyText.SetText(string(w.keyFile))
	test.Tap(d.next)
	capture(t, f.win, filepath.Join(more, "enrol-again.png"))
	d.m.d.Hide()
	f.do(func() { f.ui.shortcut(ctrl(fyne.KeyN)) })
	capture(t, f.win, filepath.Join(more, "enrol-1.png"))
	d = scr.cells.enrolDlg
	d.keyText.SetText(string(w.keyFile))
	test.Tap(d.next)
	capture(t, f.win, filepath.Join(more, "enrol-2.png"))
	d.m.d.Hide()
	f.do(func() { f.ui.shortcut(ctrl(fyne.Key4)) })
	f.do(func() { scr.docs.list.Select(1) })
	capture(t, f.win, filepath.Join(more, "docs.png"))
	f.do(func() { f.ui.shortcut(ctrl(fyne.Key5)) })
	capture(t, f.win, filepath.Join(more, "keys.png"))
	f.do(func() { f.ui.shortcut(ctrl(fyne.KeyL)) })
	capture(t, f.win, filepath.Join(more, "start.png"))
	f.do(func() { test.Tap(f.ui.start.offices.opens[0]) })
	capture(t, f.win, filepath.Join(more, "unlock.png"))
	f.ui.topModal().d.Hide()
	f.do(func() { test.Tap(f.ui.start.offices.create) })
	capture(t, f.win, filepath.Join(more, "create.png"))
	t.Logf("other pages in %s", more)
}

// capture saves what the window shows as a PNG.
func capture(t *testing.T, w fyne.Window, path string) {
	t.Helper()
	img := w.Canvas().Capture()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, img); err != nil {
		t.Fatal(err)
	}
}

// newConflictWorld makes the office XMK with the demo cell DEMO enrolled and two of its
// bundles imported: the second carries two members and one set of minutes under the versions
// the office holds, with other content, so three records wait for a person. It returns the
// data folder and the names of the two members.
func newConflictWorld(t testing.TB) (dir string, names []string) {
	t.Helper()
	ctx := context.Background()
	dir = t.TempDir()
	o, err := office.Create(ctx, dir, office.Profile{Code: "XMK", Name: "Đảng ủy xã Mường Khương", Level: store.LevelCommune},
		officePass, store.WithKDF(store.FastKDF))
	if err != nil {
		t.Fatalf("office.Create: %v", err)
	}
	defer o.Close()
	c, err := demo.Create(ctx, dir, "DEMO", demoPassphrase, store.DateOf(testToday), store.WithKDF(store.FastKDF))
	if err != nil {
		t.Fatalf("demo.Create: %v", err)
	}
	src, err := officetest.FromCell(ctx, c)
	c.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Enroll(ctx, office.EnrollRequest{Cell: "DEMO", Name: src.Cell.Name, Key: src.Key.Public}); err != nil {
		t.Fatal(err)
	}
	stick := t.TempDir()
	p1, err := src.Next(stick, src.Upto(1, 3), officetest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := src.Upto(4, 3)
	for i, change := range []func(*store.Member){
		func(m *store.Member) {
			m.Residence = "Thôn Lùng Vai, xã Mường Khương"
			m.Occupation = "Làm ruộng, nuôi ong"
			m.BirthDate = store.NewDate(1979, 4, 12)
		},
		func(m *store.Member) { m.Notes = "Đã chuyển về ở với con gái" },
	} {
		var m store.Member
		json.Unmarshal(r.Members[i].Data, &m)
		change(&m)
		names = append(names, m.FullName)
		r.Members[i], _ = payload.NewRecord(m.ID, m.Version, false, m)
	}
	var mt store.Meeting
	for _, rec := range src.Meetings {
		if rec.ID == src.Chain[0].RecordID {
			json.Unmarshal(rec.Data, &mt)
		}
	}
	mt.ApprovedBy = "Giàng Seo Phử"
	rec, _ := payload.NewRecord(mt.ID, mt.Version, false, mt)
	r.Meetings = append(r.Meetings, rec)
	p2, err := src.Next(stick, r, officetest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range o.Import(ctx, []string{p1, p2}, nil) {
		if res.Outcome != office.OutcomeImported {
			t.Fatalf("import %s: %s %v", res.File, res.Outcome, res.Err)
		}
	}
	if cs, err := o.Conflicts(ctx); err != nil || len(cs) != 3 {
		t.Fatalf("conflicts = %d, %v; want 3", len(cs), err)
	}
	return dir, names
}

func TestOfficeConflictsPage(t *testing.T) {
	dir, names := newConflictWorld(t)
	f := newOfficeFixture(t, dir)
	f.openOffice("XMK", officePass)
	scr := f.ui.office
	if scr == nil {
		t.Fatal("office not open")
	}
	f.ui.wait()
	if got, want := scr.nav[officePageConflicts].Text, i18n.T(i18n.VI, "ui.office.nav.conflicts_n", map[string]any{"Count": 3}); got != want {
		t.Errorf("navigation button = %q, want %q", got, want)
	}
	f.do(func() { f.ui.shortcut(ctrl(fyne.Key6)) })
	p := scr.conflicts
	if scr.page != officePageConflicts || len(p.conflicts) != 3 {
		t.Fatalf("Ctrl+6: page %d, %d conflicts listed", scr.page, len(p.conflicts))
	}
	if f.win.Canvas().Focused() != p.list {
		t.Errorf("the list does not have the keyboard focus after Ctrl+6")
	}
	// The first one is shown: the member's name, and the fields side by side.
	if p.selected != 0 || !strings.Contains(p.what.Text, names[0]) {
		t.Fatalf("shown %d: %q, want %s", p.selected, p.what.Text, names[0])
	}
	var cells []string
	for _, o := range p.changes.Objects {
		if row, ok := o.(*fyne.Container); ok {
			for _, l := range row.Objects {
				cells = append(cells, l.(*widget.Label).Text)
			}
		}
	}
	all := strings.Join(cells, " | ")
	for _, want := range []string{"Nơi thường trú", "Thôn Lùng Vai, xã Mường Khương", "Nghề nghiệp hiện nay", "Làm ruộng, nuôi ong",
		"Ngày sinh", "12/04/1979"} {
		if !strings.Contains(all, want) {
			t.Errorf("changes shown: %s\nwant %q among them", all, want)
		}
	}
	if len(cells)%3 != 0 || len(cells) < 9 {
		t.Errorf("changes grid has %d cells, want three per field", len(cells))
	}
	// The meeting is named by its date.
	if !strings.Contains(p.conflicts[2].What, "sinh hoạt thường kỳ ngày") {
		t.Errorf("meeting conflict named %q", p.conflicts[2].What)
	}

	// "Giữ bản đang có" asks first; cancelling changes nothing.
	test.Tap(p.keepHeld)
	m := f.ui.topModal()
	if m == nil {
		t.Fatal("no confirmation before keeping the held record")
	}
	m.d.Hide()
	f.ui.wait()
	if n := len(p.conflicts); n != 3 {
		t.Errorf("cancelled, yet %d conflicts left", n)
	}
	ok := confirmYes(t, f, func() { test.Tap(p.keepHeld) })
	if !ok {
		t.Fatal("no yes button in the confirmation")
	}
	if len(p.conflicts) != 2 || !strings.Contains(p.msg.Text, names[0]) {
		t.Errorf("after keeping the held record: %d left, message %q", len(p.conflicts), p.msg.Text)
	}
	// Take the new copy of the second member.
	f.do(func() { p.list.Select(0) })
	if !strings.Contains(p.what.Text, names[1]) {
		t.Fatalf("selected %q, want %s", p.what.Text, names[1])
	}
	confirmYes(t, f, func() { test.Tap(p.takeNew) })
	if len(p.conflicts) != 1 {
		t.Errorf("after taking the new copy: %d left", len(p.conflicts))
	}
	roster, _ := scr.off.Roster(context.Background(), "DEMO")
	for _, m := range roster {
		if m.FullName == names[1] && m.Notes != "Đã chuyển về ở với con gái" {
			t.Errorf("new copy not taken: notes %q", m.Notes)
		}
	}
	if got, want := scr.nav[officePageConflicts].Text, i18n.T(i18n.VI, "ui.office.nav.conflicts_n", map[string]any{"Count": 1}); got != want {
		t.Errorf("navigation button = %q, want %q", got, want)
	}
	rep, _ := scr.off.ReportAt(context.Background(), store.DateOf(testToday))
	if rep.Totals.Conflicts != 1 {
		t.Errorf("report counts %d conflicts, want 1", rep.Totals.Conflicts)
	}
}

// confirmYes runs open, which must ask for a confirmation, and says yes.
func confirmYes(t *testing.T, f *fixture, open func()) bool {
	t.Helper()
	p := f.ui.office.conflicts
	p.confirmOK = nil
	f.do(open)
	if p.confirmOK == nil || f.ui.topModal() == nil {
		return false
	}
	f.do(func() { test.Tap(p.confirmOK) })
	return true
}

// holdImport makes the window's imports wait for release; started is closed when one begins.
func holdImport(t *testing.T) (started, release chan struct{}) {
	started, release = make(chan struct{}), make(chan struct{})
	orig := officeImport
	officeImport = func(ctx context.Context, o *office.Office, paths []string, progress func(done, total int)) []office.Result {
		close(started)
		<-release
		return orig(ctx, o, paths, progress)
	}
	t.Cleanup(func() { officeImport = orig })
	return started, release
}

// TestOfficeCloseWaitsForImport: closing the window, or locking, while an import runs says
// "Đang nhập, xin chờ…" and does it once the import, receipts included, has finished.
func TestOfficeCloseWaitsForImport(t *testing.T) {
	for _, how := range []string{"close", "lock"} {
		t.Run(how, func(t *testing.T) {
			w := newOfficeWorld(t)
			f := newOfficeFixture(t, w.dir)
			var closed bool
			orig := closeWin
			closeWin = func(fyne.Window) { closed = true }
			t.Cleanup(func() { closeWin = orig })
			f.openOffice("XMK", officePass)
			enrolDemo(t, f, w.keyFile)
			scr := f.ui.office
			p := scr.imports
			f.do(func() { p.openFolder(w.stick) })
			started, release := holdImport(t)
			// A user's tap: the import goes on in the background.
			f.ui.doMu.Lock()
			test.Tap(p.all)
			f.ui.doMu.Unlock()
			<-started

			f.ui.doMu.Lock()
			if how == "close" {
				f.ui.closeWindow()
			} else {
				f.ui.shortcut(ctrl(fyne.KeyL))
			}
			waiting := scr.waiting
			f.ui.doMu.Unlock()
			if closed || f.ui.office != scr {
				t.Fatalf("the window closed or locked while the import ran")
			}
			if waiting == nil || f.ui.topModal() != waiting {
				t.Fatal("no waiting dialog")
			}
			close(release)
			f.ui.wait()
			receipt := strings.TrimSuffix(w.bundlePath, "."+bundle.Extension) + ".chibo-receipt"
			if _, err := os.Stat(receipt); err != nil {
				t.Errorf("receipt after the import: %v", err)
			}
			if f.ui.office != nil {
				t.Error("the office is still open after the import")
			}
			if how == "close" && !closed {
				t.Error("the window did not close after the import")
			}
			if how == "lock" && (closed || f.ui.start == nil) {
				t.Errorf("after locking: closed %v, start screen %v", closed, f.ui.start != nil)
			}
			if f.ui.topModal() != nil {
				t.Error("the waiting dialog is still open")
			}
		})
	}
}

// TestOfficeConflictsScreenshot saves docs/screenshots/office-conflicts.png at 1366×768 when
// CHIBO_SCREENSHOTS names the folder to write it into.
func TestOfficeConflictsScreenshot(t *testing.T) {
	out := os.Getenv("CHIBO_SCREENSHOTS")
	if out == "" {
		t.Skip("CHIBO_SCREENSHOTS not set")
	}
	dir, _ := newConflictWorld(t)
	f := newOfficeFixture(t, dir)
	f.win.Resize(fyne.NewSize(1366, 768))
	f.openOffice("XMK", officePass)
	f.ui.wait()
	f.do(func() { f.ui.shortcut(ctrl(fyne.Key6)) })
	capture(t, f.win, filepath.Join(out, "office-conflicts.png"))
	more := filepath.Join(os.TempDir(), "chibo-office-shots")
	os.MkdirAll(more, 0o755)
	f.do(func() { test.Tap(f.ui.office.conflicts.takeNew) })
	capture(t, f.win, filepath.Join(more, "conflicts-confirm.png"))
	f.ui.topModal().d.Hide()
	f.do(func() { f.ui.office.conflicts.list.Select(2) })
	capture(t, f.win, filepath.Join(more, "conflicts-meeting.png"))
}

// TestOfficeOlderBundleIsNotAnAlarm: a stick keeps last month's bundle beside this month's.
// Importing the folder again refuses the older one (the office has moved on) but shows it as
// an older bundle, not as a red refusal.
func TestOfficeOlderBundleIsNotAnAlarm(t *testing.T) {
	w := newOfficeWorld(t)
	f := newOfficeFixture(t, w.dir)
	f.openOffice("XMK", officePass)
	enrolDemo(t, f, w.keyFile)
	if res := importFolder(t, f, w.stick); res[0].Outcome != office.OutcomeImported {
		t.Fatalf("first import: %s %v", res[0].Outcome, res[0].Err)
	}
	ctx := context.Background()
	c, err := store.OpenCell(ctx, w.dir, "DEMO", demoPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := c.ListMembers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := ms[0]
	m.Notes = "Chuyển công tác trong xã"
	if _, err := c.UpdateMember(ctx, m); err != nil {
		t.Fatal(err)
	}
	if _, err := cellsync.Export(ctx, c, w.stick, cellsync.Options{}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if res := importFolder(t, f, w.stick); len(res) != 2 || res[1].Outcome != office.OutcomeImported {
		t.Fatalf("second import: %+v", res)
	}
	res := importFolder(t, f, w.stick)
	if len(res) != 2 || res[0].Outcome != office.OutcomeRefused || res[1].Outcome != office.OutcomeAlreadyImported {
		t.Fatalf("third import: %+v", res)
	}
	if !oldCopy(res[0]) {
		t.Fatalf("bundle 1 refused for %v, want an older bundle", res[0].Err)
	}
	lines := resultLines(res[0])
	if lines[0].imp == widget.DangerImportance || !strings.HasPrefix(lines[0].text, "Gói cũ") {
		t.Errorf("older bundle headline = %q (%v)", lines[0].text, lines[0].imp)
	}
}
