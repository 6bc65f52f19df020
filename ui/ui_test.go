package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/store"
)

const testPass = "mat-khau-1"

// fixture is a window on a data folder, in Vietnamese, with the fast key derivation.
type fixture struct {
	t   testing.TB
	app fyne.App
	win fyne.Window
	ui  *UI
	dir string
}

func newFixture(t testing.TB, dir string, opts Options) *fixture {
	t.Helper()
	i18n.SetCurrent(i18n.VI)
	t.Cleanup(func() { i18n.SetCurrent(i18n.VI) })
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1280, 720))
	opts.Store = append(opts.Store, store.WithKDF(store.FastKDF))
	u := NewUI(a, w, dir, opts)
	u.wait()
	t.Cleanup(func() {
		// As a user action would: background callbacks (autosave, say) hold doMu.
		u.doMu.Lock()
		u.closeCell()
		u.doMu.Unlock()
		u.wait()
	})
	return &fixture{t: t, app: a, win: w, ui: u, dir: dir}
}

// do runs one user action the way the window does: background work that the action starts
// reports back only after the action has finished (the test driver would otherwise run the
// callbacks at once, on the worker goroutine), then waits for that work.
func (f *fixture) do(action func()) {
	f.ui.doMu.Lock()
	action()
	f.ui.doMu.Unlock()
	f.ui.wait()
}

// makeCell creates a cell with these members and closes it.
func makeCell(t testing.TB, dir, code, name string, members ...store.Member) {
	t.Helper()
	ctx := context.Background()
	c, err := store.CreateCell(ctx, dir, store.Profile{Code: code, Name: name, OfficeName: "Đảng ủy xã Mường Khương",
		OfficeLevel: store.LevelCommune, Place: "Mường Khương", Secretary: "Vàng Seo Lử"}, testPass, store.WithKDF(store.FastKDF))
	if err != nil {
		t.Fatalf("CreateCell: %v", err)
	}
	defer c.Close()
	for _, m := range members {
		if _, err := c.AddMember(ctx, m); err != nil {
			t.Fatalf("AddMember %s: %v", m.FullName, err)
		}
	}
}

func member(name, gender string, birth, ceremony, official store.Date, cccd string) store.Member {
	return store.Member{FullName: name, Gender: gender, BirthDate: birth, Ethnicity: "Mông",
		CeremonyDate: ceremony, OfficialDate: official, CCCD: cccd, TheoryLevel: "sơ cấp"}
}

// roster is a cell whose members all have a CCCD and are official, so the watch list is empty.
func quietRoster() []store.Member {
	d := store.NewDate
	return []store.Member{
		member("Đặng Văn Minh", "male", d(1970, 3, 5), d(1995, 2, 1), d(1996, 2, 1), "001070000001"),
		member("Nguyễn Thị Thảo", "female", d(1980, 6, 7), d(2005, 5, 19), d(2006, 5, 19), "001180000002"),
		member("Vàng A Đăng", "male", d(1975, 1, 1), d(2000, 9, 2), d(2001, 9, 2), "001075000003"),
		member("Giàng A Páo", "male", d(1965, 12, 30), d(1990, 1, 3), d(1991, 1, 3), "001065000004"),
	}
}

// open unlocks the cell with this code from the start screen.
func (f *fixture) open(code, pass string) *unlockDialog {
	f.t.Helper()
	s := f.ui.start
	for i, c := range s.cells {
		if c.Code == code {
			s.list.Select(i)
		}
	}
	test.Tap(s.open)
	d := s.unlock
	if d == nil {
		f.t.Fatal("no passphrase dialog")
	}
	test.Type(d.pass, pass)
	f.do(func() { test.Tap(d.open) })
	return d
}

func (f *fixture) openQuiet() *cellScreen {
	f.t.Helper()
	makeCell(f.t, f.dir, "LUNGVAI", "Chi bộ bản Lùng Vai", quietRoster()...)
	f.do(func() { f.ui.start.load() })
	f.open("LUNGVAI", testPass)
	if f.ui.cell == nil {
		f.t.Fatal("cell not open")
	}
	return f.ui.cell
}

func shownNames(rp *rosterPage) []string {
	var out []string
	for _, i := range rp.shown {
		out = append(out, rp.roster.Entries[i].FullName)
	}
	return out
}

func TestStartListsCells(t *testing.T) {
	dir := t.TempDir()
	makeCell(t, dir, "LUNGVAI", "Chi bộ bản Lùng Vai")
	makeCell(t, dir, "NAMCHAY", "Chi bộ thôn Nậm Chảy")
	// A damaged cell is listed too, with what to do about it.
	if err := os.WriteFile(filepath.Join(dir, "cells", "HONG.chibo"), []byte("not a database at all, just text"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, dir, Options{})
	s := f.ui.start
	var got []string
	for _, c := range s.cells {
		got = append(got, c.Code)
	}
	for _, want := range []string{"LUNGVAI", "NAMCHAY", "HONG"} {
		if !slices.Contains(got, want) {
			t.Errorf("start screen lists %v, want %s among them", got, want)
		}
	}
	if n := s.list.Length(); n != 3 {
		t.Errorf("list length = %d, want 3", n)
	}
	for i, c := range s.cells {
		if c.Code != "HONG" {
			continue
		}
		s.list.Select(i)
		if want := errorText(c.Problem); s.detail.Text != want || want == "" {
			t.Errorf("damaged cell detail = %q, want %q", s.detail.Text, want)
		}
		test.Tap(s.open)
		if s.unlock != nil {
			t.Error("a damaged cell asked for its passphrase")
		}
	}
}

func TestDemoOnFirstStart(t *testing.T) {
	dir := t.TempDir()
	f := newFixture(t, dir, Options{DemoIfEmpty: true, Now: func() time.Time { return time.Date(2026, 3, 15, 9, 0, 0, 0, time.Local) }})
	s := f.ui.start
	if len(s.cells) != 1 || s.cells[0].Code != demoCode {
		t.Fatalf("cells after first start = %+v, want the demo cell", s.cells)
	}
	if !strings.Contains(s.detail.Text, demoPassphrase) {
		t.Errorf("detail = %q, want the demo passphrase in it", s.detail.Text)
	}
	f.open(demoCode, demoPassphrase)
	if f.ui.cell == nil {
		t.Fatal("demo cell did not open with its passphrase")
	}
}

func TestWrongPassphraseStays(t *testing.T) {
	dir := t.TempDir()
	makeCell(t, dir, "LUNGVAI", "Chi bộ bản Lùng Vai")
	f := newFixture(t, dir, Options{})
	d := f.open("LUNGVAI", "sai-mat-khau")
	if f.ui.cell != nil {
		t.Fatal("a wrong passphrase opened the cell")
	}
	if want := i18n.T(i18n.VI, "err.wrong_passphrase"); d.errMsg.Text != want || !d.errMsg.Visible() {
		t.Errorf("error = %q (visible %v), want %q", d.errMsg.Text, d.errMsg.Visible(), want)
	}
	if d.pass.Text != "" {
		t.Errorf("passphrase entry = %q after a refusal, want it cleared", d.pass.Text)
	}
	if f.win.Canvas().Focused() != d.pass {
		t.Error("passphrase entry lost the focus after a refusal")
	}
	if f.ui.topModal() == nil {
		t.Error("dialog closed after a refusal")
	}
	// Enter in the entry tries again, now with the right passphrase.
	test.Type(d.pass, testPass)
	f.do(func() { d.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if f.ui.cell == nil {
		t.Fatal("right passphrase did not open the cell")
	}
}

func TestRightPassphraseShowsRoster(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	cs := f.openQuiet()
	if cs.page != pageRoster {
		t.Errorf("page = %q with an empty watch list, want the roster", cs.page)
	}
	if got := cs.title.Text; got != "Chi bộ bản Lùng Vai" {
		t.Errorf("header = %q", got)
	}
	if n := cs.roster.list.Length(); n != 4 {
		t.Errorf("roster rows = %d, want 4", n)
	}
	// Escape does nothing harmful with no dialog, and Ctrl+L locks.
	f.do(func() {
		f.ui.shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault})
	})
	if f.ui.cell != nil || f.ui.start == nil {
		t.Error("Ctrl+L did not lock the cell")
	}
}

func TestWatchListFirst(t *testing.T) {
	dir := t.TempDir()
	d := store.NewDate
	// A probationary member whose 12 months ended long ago: overdue for official status.
	makeCell(t, dir, "LUNGVAI", "Chi bộ bản Lùng Vai",
		member("Lò Văn Sáng", "male", d(1990, 1, 1), d(2020, 1, 10), store.Date{}, "001090000009"))
	f := newFixture(t, dir, Options{})
	f.open("LUNGVAI", testPass)
	cs := f.ui.cell
	if cs == nil {
		t.Fatal("cell not open")
	}
	if cs.page != pageWatch {
		t.Fatalf("page = %q, want the watch list first", cs.page)
	}
	if len(cs.watch.items) == 0 {
		t.Fatal("watch list empty")
	}
	if !strings.Contains(cs.toWatch.Text, "(") {
		t.Errorf("watch button = %q, want the count", cs.toWatch.Text)
	}
	// Choosing the line opens the member in the editor.
	f.do(func() { cs.watch.list.Select(0) })
	if cs.page != pageRoster || cs.roster.editor == nil || cs.roster.editor.fullName.Text != "Lò Văn Sáng" {
		t.Errorf("choosing a watch line did not open the member")
	}
}

func TestSearchAsYouType(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	cs := f.openQuiet()
	rp := cs.roster
	f.ui.shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
	if f.win.Canvas().Focused() != rp.search {
		t.Error("Ctrl+F did not focus the search entry")
	}
	test.Type(rp.search, "dang")
	got := shownNames(rp)
	want := []string{"Vàng A Đăng", "Đặng Văn Minh"}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("search \"dang\" shows %v, want %v", got, want)
	}
	if n := rp.list.Length(); n != 2 {
		t.Errorf("list length = %d, want 2", n)
	}
	rp.search.SetText("")
	if n := rp.list.Length(); n != 4 {
		t.Errorf("list length after clearing = %d, want 4", n)
	}
}

func TestAddMemberBadCCCD(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	cs := f.openQuiet()
	rp := cs.roster
	f.ui.shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault})
	e := rp.editor
	if e == nil || e.id != "" {
		t.Fatal("Ctrl+N did not open an empty editor")
	}
	if f.win.Canvas().Focused() != e.fullName {
		t.Error("the name field does not have the focus in a new editor")
	}
	test.Type(e.fullName, "Sùng Thị Mai")
	e.gender.SetSelectedIndex(1)
	test.Type(e.birthDate, "12/08/1985")
	test.Type(e.ethnicity, "mong")
	test.Type(e.cccd, "12345")
	test.Type(e.ceremonyDate, "03/02/2010")
	// Ctrl+S from inside a field saves.
	f.do(func() {
		e.cccd.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault})
	})

	cccd := e.fields["cccd"]
	if !cccd.errMsg.Visible() || !strings.Contains(cccd.errMsg.Text, i18n.T(i18n.VI, "field.cccd")) {
		t.Errorf("CCCD error = %q (visible %v)", cccd.errMsg.Text, cccd.errMsg.Visible())
	}
	if !e.summary.Visible() {
		t.Error("no summary of the refusal at the top")
	}
	if f.win.Canvas().Focused() != e.cccd {
		t.Error("the CCCD field does not have the focus after the refusal")
	}
	if e.fullName.Text != "Sùng Thị Mai" || e.cccd.Text != "12345" || e.birthDate.Text != "12/08/1985" {
		t.Error("the refusal lost what was typed")
	}
	if got := countMembers(t, f); got != 4 {
		t.Fatalf("store has %d members after a refusal, want 4", got)
	}

	e.cccd.SetText("001185000777")
	f.do(func() { test.Tap(e.saveBtn) })
	if cccd.errMsg.Visible() {
		t.Errorf("CCCD error still shown: %q", cccd.errMsg.Text)
	}
	if got := countMembers(t, f); got != 5 {
		t.Fatalf("store has %d members after the fix, want 5", got)
	}
	if e.id == "" || e.ethnicity.Text != "Mông" {
		t.Errorf("editor after saving: id %q, ethnicity %q, want an id and \"Mông\"", e.id, e.ethnicity.Text)
	}
	if !e.saved.Visible() {
		t.Error("no confirmation after saving")
	}
	if !slices.Contains(shownNames(rp), "Sùng Thị Mai") {
		t.Error("the new member is not in the roster")
	}
	sel := -1
	for i, idx := range rp.shown {
		if rp.roster.Entries[idx].ID == e.id {
			sel = i
		}
	}
	if sel < 0 || rp.selectedID != e.id {
		t.Error("the new member is not selected in the roster")
	}
}

func countMembers(t *testing.T, f *fixture) int {
	t.Helper()
	ms, err := f.ui.cell.cell.ListMembers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}

func TestAddEventUpdatesState(t *testing.T) {
	dir := t.TempDir()
	d := store.NewDate
	makeCell(t, dir, "LUNGVAI", "Chi bộ bản Lùng Vai",
		member("Lò Văn Sáng", "male", d(1990, 1, 1), d(2020, 1, 10), store.Date{}, "001090000009"))
	f := newFixture(t, dir, Options{})
	f.open("LUNGVAI", testPass)
	cs := f.ui.cell
	cs.showPage(pageRoster)
	rp := cs.roster
	f.do(func() { rp.list.Select(0) })
	e := rp.editor
	if e == nil || !strings.Contains(e.status.Text, i18n.T(i18n.VI, "state.probationary")) {
		t.Fatalf("editor status = %v, want probationary", e)
	}
	test.Tap(e.tabBtns[tabTimeline])
	test.Tap(e.timeline.add)
	ed := e.timeline.dialog
	if ed == nil || f.ui.topModal() != ed.m {
		t.Fatal("no event dialog")
	}
	if f.win.Canvas().Focused() != ed.kind {
		t.Error("the kind does not have the focus in a new event dialog")
	}
	for i, k := range ed.kinds {
		if k == store.EventOfficial {
			ed.kind.SetSelectedIndex(i)
		}
	}
	if ed.fields["end_date"].label.Visible() || ed.fields["done_date"].label.Visible() {
		t.Error("end or done date shown for an official-status event")
	}
	// A date too early is refused in the dialog.
	test.Type(ed.date, "10/06/2020")
	f.do(func() { test.Tap(ed.saveBtn) })
	if !ed.summary.Visible() || f.ui.topModal() == nil {
		t.Fatalf("early official date not refused in the dialog (summary %q)", ed.summary.Text)
	}
	ed.date.SetText("10/01/2021")
	// Enter in a field submits the dialog.
	f.do(func() { ed.date.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if f.ui.topModal() != nil {
		t.Fatalf("dialog still open: %q", ed.summary.Text)
	}
	if want := i18n.T(i18n.VI, "state.official"); !strings.Contains(e.status.Text, want) {
		t.Errorf("status = %q, want %q", e.status.Text, want)
	}
	if e.officialDate.Text != "10/01/2021" {
		t.Errorf("official date field = %q, want 10/01/2021", e.officialDate.Text)
	}
	if len(e.timeline.events) != 2 {
		t.Errorf("timeline has %d events, want 2", len(e.timeline.events))
	}
	if len(e.history.changes) < 2 {
		t.Errorf("history has %d lines, want the creation and the event", len(e.history.changes))
	}
	if got := rp.roster.Entries[0].State; got != store.StateOfficial {
		t.Errorf("roster state = %q, want official", got)
	}
}

func TestLanguageSwitch(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	cs := f.openQuiet()
	if got, want := cs.toRoster.Text, i18n.T(i18n.VI, "ui.nav.roster"); got != want {
		t.Fatalf("roster button = %q, want %q", got, want)
	}
	cs.showPage(pageSettings)
	f.do(func() { cs.settings.language.SetSelectedIndex(1) })
	cs = f.ui.cell
	if got, want := cs.toRoster.Text, "Members"; got != want {
		t.Errorf("roster button after switching = %q, want %q", got, want)
	}
	if cs.page != pageSettings {
		t.Errorf("page after switching = %q, want settings", cs.page)
	}
	if got := f.app.Preferences().String(prefLanguage); got != "en" {
		t.Errorf("saved language = %q, want en", got)
	}
	if got := cs.roster.filter.Options[0]; got != "Current members" {
		t.Errorf("filter = %q", got)
	}
}

func TestTextSize(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	if got := f.app.Settings().Theme().Size(theme.SizeNameText); got != 15 {
		t.Errorf("default text size = %v, want 15", got)
	}
	cs := f.openQuiet()
	cs.showPage(pageSettings)
	cs.settings.textSize.SetSelectedIndex(2)
	if got := f.app.Settings().Theme().Size(theme.SizeNameText); got != 20 {
		t.Errorf("text size = %v, want 20", got)
	}
	if got := f.app.Preferences().String(prefTextSize); got != textHuge {
		t.Errorf("saved text size = %q", got)
	}
}

func TestCreateCellForm(t *testing.T) {
	dir := t.TempDir()
	f := newFixture(t, dir, Options{})
	test.Tap(f.ui.start.create)
	cf := f.ui.start.form
	if cf == nil || f.win.Canvas().Focused() != cf.code {
		t.Fatal("no create form, or its first field lacks the focus")
	}
	test.Type(cf.code, "lung vai")
	test.Type(cf.name, "Chi bộ bản Lùng Vai")
	test.Type(cf.pass, "abc")
	f.do(func() { test.Tap(cf.create) })
	for _, k := range []string{"code", "office_name", "place", "passphrase"} {
		if !cf.fields[k].errMsg.Visible() {
			t.Errorf("no error under %s", k)
		}
	}
	if cf.fields["name"].errMsg.Visible() {
		t.Errorf("error under a good name: %q", cf.fields["name"].errMsg.Text)
	}
	if cf.name.Text != "Chi bộ bản Lùng Vai" {
		t.Error("the refusal lost what was typed")
	}
	cf.code.SetText("LUNGVAI")
	cf.office.SetText("Đảng ủy xã Mường Khương")
	cf.place.SetText("Mường Khương")
	cf.pass.SetText(testPass)
	cf.pass2.SetText(testPass + "x")
	f.do(func() { test.Tap(cf.create) })
	if !cf.fields["passphrase2"].errMsg.Visible() {
		t.Error("no error for passphrases that differ")
	}
	cf.pass2.SetText(testPass)
	f.do(func() { test.Tap(cf.create) })
	if f.ui.cell == nil || f.ui.cell.cell.Profile().Code != "LUNGVAI" {
		t.Fatal("cell not created and opened")
	}
	if got := f.ui.cell.cell.Profile().OfficeLevel; got != store.LevelCommune {
		t.Errorf("office level = %q", got)
	}
}

func TestTabScrollsFormIntoView(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	cs := f.openQuiet()
	f.do(func() { cs.roster.list.Select(0) })
	e := cs.roster.editor
	s := f.ui.scrolls["member"]
	if s == nil || s.Offset.Y != 0 {
		t.Fatal("member form does not start at the top")
	}
	visible := func(o fyne.CanvasObject) bool {
		d := fyne.CurrentApp().Driver()
		top := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(s.Content).Y
		return top >= s.Offset.Y && top+o.Size().Height <= s.Offset.Y+s.Size().Height
	}
	if visible(e.notes) {
		t.Fatal("the notes are visible without scrolling; the test needs a smaller window")
	}
	f.win.Canvas().Focus(e.notes)
	if !visible(e.notes) {
		t.Error("focusing the last field did not scroll it into view")
	}
	f.win.Canvas().Focus(e.fullName)
	if !visible(e.fullName) {
		t.Errorf("focusing the first field did not scroll back to it (offset %v)", s.Offset.Y)
	}
}

func TestNotesDoNotTrapTab(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	cs := f.openQuiet()
	f.do(func() { cs.roster.list.Select(0) })
	e := cs.roster.editor
	if e.notes.AcceptsTab() {
		t.Error("the notes take Tab as a character, so Tab cannot leave them")
	}
	if e.dirty {
		t.Error("a freshly opened member counts as changed")
	}
}

func TestWaitAfterRepeatedFailures(t *testing.T) {
	dir := t.TempDir()
	makeCell(t, dir, "LUNGVAI", "Chi bộ bản Lùng Vai")
	f := newFixture(t, dir, Options{})
	d := f.open("LUNGVAI", "sai-1")
	for _, p := range []string{"sai-2", "sai-3", testPass} {
		test.Type(d.pass, p)
		f.do(func() { test.Tap(d.open) })
	}
	if f.ui.cell != nil {
		t.Fatal("the cell opened during the wait after three wrong passphrases")
	}
	if !strings.Contains(d.errMsg.Text, "giây") || !strings.ContainsAny(d.errMsg.Text, "0123456789") {
		t.Errorf("error = %q, want the seconds to wait", d.errMsg.Text)
	}
}

func TestLockAsksAboutUnsavedChanges(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	cs := f.openQuiet()
	f.do(func() { cs.roster.list.Select(0) })
	e := cs.roster.editor
	test.Type(e.notes, "ghi chú mới")
	if !e.dirty {
		t.Fatal("typing did not mark the editor changed")
	}
	f.do(func() { test.Tap(cs.lockBtn) })
	if f.ui.topModal() == nil || f.ui.cell == nil {
		t.Fatal("locking with unsaved changes did not ask first")
	}
	// Escape keeps editing; nothing is lost.
	e.notes.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.ui.topModal() != nil || f.ui.cell != cs || e.notes.Text != "ghi chú mới" {
		t.Fatal("Escape did not go back to the editor with the text kept")
	}
	// Saving with Ctrl+S, then locking, asks nothing.
	f.do(func() {
		f.ui.shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault})
	})
	if e.dirty {
		t.Fatalf("not saved: %q", e.summary.Text)
	}
	f.do(func() { test.Tap(cs.lockBtn) })
	if f.ui.cell != nil {
		t.Error("the cell stayed open after saving and locking")
	}
}
