package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/store"
)

var (
	ctrlN = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	ctrlP = &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}
	ctrlS = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
)

// newMeeting goes to the meetings page, starts a new meeting with Ctrl+N on date (dd/mm/yyyy)
// and returns its editor.
func (f *fixture) newMeeting(date string) *meetingEditor {
	f.t.Helper()
	cs := f.ui.cell
	f.do(func() { test.Tap(cs.toMeet) })
	if cs.page != pageMeetings {
		f.t.Fatalf("page = %q, want meetings", cs.page)
	}
	f.do(func() { f.ui.shortcut(ctrlN) })
	d := cs.meetings.newDlg
	if d == nil || f.ui.topModal() != d.m {
		f.t.Fatal("Ctrl+N did not ask for a new meeting")
	}
	if d.date.Text != f.ui.today().DMY() {
		f.t.Errorf("new meeting date = %q, want today %q", d.date.Text, f.ui.today().DMY())
	}
	d.date.SetText(date)
	f.do(func() { test.Tap(d.create) })
	e := cs.meetings.editor
	if e == nil || !e.loaded {
		f.t.Fatalf("no editor after creating a meeting (dialog says %q)", d.errMsg.Text)
	}
	if e.m.ID != d.created {
		f.t.Errorf("editor shows %s, want the new meeting %s", e.m.ID, d.created)
	}
	return e
}

// row is the attendance row of the member with this name.
func (e *meetingEditor) row(t *testing.T, name string) *attRow {
	t.Helper()
	for _, r := range e.form.attRows {
		if r.name == name {
			return r
		}
	}
	t.Fatalf("no attendance row for %s", name)
	return nil
}

func (f *fixture) stored(id string) store.Meeting {
	f.t.Helper()
	f.ui.wait()
	m, err := f.ui.cell.cell.GetMeeting(context.Background(), id)
	if err != nil {
		f.t.Fatalf("GetMeeting: %v", err)
	}
	return m
}

func TestMeetingAbsenceChangesTotals(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	f.openQuiet()
	e := f.newMeeting("05/03/2026")
	if n := len(e.form.attRows); n != 4 {
		t.Fatalf("attendance rows = %d, want the 4 members", n)
	}
	if got := e.form.attSummary.Text; !strings.Contains(got, "Có mặt 4/4") {
		t.Errorf("summary = %q, want everyone present", got)
	}
	if got := e.form.place.Text; got != "Mường Khương" {
		t.Errorf("place = %q, want the cell's place", got)
	}
	r := e.row(t, "Nguyễn Thị Thảo")
	if !r.reason.Disabled() {
		t.Error("the reason field is open for a member who is present")
	}
	// Keyboard: 2 is the second option, absent with a reason.
	f.do(func() { r.choice.TypedRune('2') })
	if r.reason.Disabled() {
		t.Fatal("the reason field stayed closed for an absence with reason")
	}
	f.do(func() { test.Type(r.reason, "Đi viện") })
	if got := e.form.attSummary.Text; !strings.Contains(got, "Có mặt 3/4") || !strings.Contains(got, "vắng có lý do 1") {
		t.Errorf("summary after the absence = %q", got)
	}
	if got := e.form.totals.Text; !strings.Contains(got, "biểu quyết: 3.") {
		t.Errorf("totals = %q, want a vote base of 3", got)
	}
	// A click on the third option: absent without reason closes the reason again.
	f.do(func() {
		l := r.choice.labels[2]
		r.choice.Tapped(&fyne.PointEvent{Position: fyne.NewPos(l.Position().X+2, 5)})
	})
	if r.choice.Selected() != 2 || !r.reason.Disabled() {
		t.Errorf("after a click on the third option: choice %d, reason disabled %v", r.choice.Selected(), r.reason.Disabled())
	}
	if got := e.form.attSummary.Text; !strings.Contains(got, "vắng không lý do 1") {
		t.Errorf("summary = %q, want one absence without reason", got)
	}
	if got := e.form.totals.Text; !strings.Contains(got, "biểu quyết: 4.") {
		t.Errorf("totals = %q: an absence without reason stays in the vote base", got)
	}
}

func TestSpeakerOnlyPresent(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	f.openQuiet()
	e := f.newMeeting("05/03/2026")
	f.do(func() { e.row(t, "Giàng A Páo").choice.TypedRune('3') })
	f.do(func() { test.Tap(e.form.guestsBox.Objects[0].(*fyne.Container).Objects[0].(*button)) })
	if len(e.m.Body.Guests) != 1 {
		t.Fatal("no guest row added")
	}
	f.do(func() { test.Type(f.win.Canvas().Focused().(*entry), "Lò Văn Hùng") })
	addItem := e.form.itemsBox.Objects[len(e.form.itemsBox.Objects)-1].(*fyne.Container).Objects[0].(*button)
	f.do(func() { test.Tap(addItem) })
	if len(e.m.Body.Items) != 1 {
		t.Fatal("no agenda item added")
	}
	card := e.form.itemsBox.Objects[0].(*fyne.Container)
	var addSpeech *button
	walk(card, func(o fyne.CanvasObject) {
		if b, ok := o.(*button); ok && b.Text == i18n.T(i18n.VI, "ui.meeting.add_speech") {
			addSpeech = b
		}
	})
	f.do(func() { test.Tap(addSpeech) })
	if len(e.form.speakers) != 1 {
		t.Fatalf("speaker selects = %d, want 1", len(e.form.speakers))
	}
	sel := e.form.speakers[0].sel
	if f.win.Canvas().Focused() != sel {
		t.Error("the new speech's speaker does not have the focus")
	}
	want := []string{"Vàng A Đăng", "Đặng Văn Minh", "Nguyễn Thị Thảo", "Lò Văn Hùng (đại biểu)"}
	if !slices.Equal(sel.Options, want) {
		t.Errorf("speaker options = %q\nwant               %q", sel.Options, want)
	}
	f.do(func() { sel.SetSelectedIndex(3) })
	if s := e.m.Body.Items[0].Speeches[0]; s.Speaker != "Lò Văn Hùng" || s.SpeakerID != "" {
		t.Errorf("guest speech = %+v, want the guest's name and no member id", s)
	}
	f.do(func() { sel.SetSelectedIndex(1) })
	if s := e.m.Body.Items[0].Speeches[0]; s.Speaker != "Đặng Văn Minh" || s.SpeakerID == "" {
		t.Errorf("member speech = %+v, want her name and id", s)
	}
	// The chair and secretary offer the members present only.
	if got := e.form.secretary.sel.Options; slices.Contains(got, "Giàng A Páo") || len(got) != 3 {
		t.Errorf("secretary options = %q, want the three present", got)
	}
}

func thirteen() []store.Member {
	d := store.NewDate
	given := []string{"An", "Bình", "Chung", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Mai", "Nam", "Phúc", "Quang", "Sơn"}
	var ms []store.Member
	for i, g := range given {
		ms = append(ms, member("Lò Văn "+g, "male", d(1960+i, 1, 1), d(1995, 2, 1), d(1996, 2, 1), fmt.Sprintf("0010%02d0000%02d", 60+i, i)))
	}
	return ms
}

func TestVoteLine(t *testing.T) {
	dir := t.TempDir()
	makeCell(t, dir, "NAMCHAY", "Chi bộ thôn Nậm Chảy", thirteen()...)
	f := newFixture(t, dir, Options{})
	f.open("NAMCHAY", testPass)
	e := f.newMeeting("05/03/2026")
	addRes := e.form.resBox.Objects[len(e.form.resBox.Objects)-1].(*fyne.Container).Objects[0].(*button)
	f.do(func() { test.Tap(addRes) })
	if len(e.form.voteLines) != 1 {
		t.Fatal("no vote added")
	}
	forEntry, ok := f.win.Canvas().Focused().(*selectBox)
	if !ok || forEntry == nil {
		t.Fatal("the new vote's kind does not have the focus")
	}
	var counts []*entry
	walk(e.form.resBox, func(o fyne.CanvasObject) {
		if en, ok := o.(*entry); ok && !en.MultiLine {
			counts = append(counts, en)
		}
	})
	if len(counts) != 3 {
		t.Fatalf("vote count fields = %d, want 3", len(counts))
	}
	line := e.form.voteLines[0]
	for _, tt := range []struct {
		kind      int
		votes     string
		want      []string
		notWanted string
	}{
		{0, "12", []string{"12/13", "92,31%", "— Thông qua"}, "Không thông qua"},
		{0, "6", []string{"6/13", "46,15%", "— Không thông qua"}, "— Thông qua"},
		{0, "7", []string{"7/13", "53,85%", "— Thông qua"}, "Không"},
		{1, "9", []string{"9/13", "69,23%", "— Thông qua", "hai phần ba"}, "Không thông qua"},
		{1, "8", []string{"8/13", "61,54%", "— Không thông qua"}, "— Thông qua"},
	} {
		f.do(func() {
			forEntry.SetSelectedIndex(tt.kind)
			counts[0].SetText(tt.votes)
		})
		for _, w := range tt.want {
			if !strings.Contains(line.result.Text, w) {
				t.Errorf("kind %d, %s in favour: line %q lacks %q", tt.kind, tt.votes, line.result.Text, w)
			}
		}
		if strings.Contains(line.result.Text, tt.notWanted) {
			t.Errorf("kind %d, %s in favour: line %q has %q", tt.kind, tt.votes, line.result.Text, tt.notWanted)
		}
		if line.problem.Visible() {
			t.Errorf("a problem shown for a good count: %q", line.problem.Text)
		}
	}
	// More votes than voters: the problem sentence, no verdict.
	f.do(func() {
		counts[0].SetText("12")
		counts[1].SetText("3")
	})
	if !line.problem.Visible() || !strings.Contains(line.problem.Text, "đếm lại") {
		t.Errorf("problem = %q (visible %v), want the count refused", line.problem.Text, line.problem.Visible())
	}
	if strings.Contains(line.result.Text, "Thông qua") {
		t.Errorf("a verdict on an impossible count: %q", line.result.Text)
	}
	// Not a number: said so, and the last number stays in the draft.
	f.do(func() {
		counts[1].SetText("")
		counts[0].SetText("1a")
	})
	if !strings.Contains(line.problem.Text, "chữ số") {
		t.Errorf("problem for \"1a\" = %q", line.problem.Text)
	}
	if got := e.m.Body.Resolutions[0].For; got != 12 {
		t.Errorf("votes in favour kept as %d after \"1a\", want the last number, 12", got)
	}
}

// approveNow presses the approve button and says yes.
func (f *fixture) approveNow(e *meetingEditor) {
	f.t.Helper()
	f.do(func() { test.Tap(e.approveBtn) })
	if e.confirmDlg == nil || f.ui.topModal() != e.confirmDlg {
		f.t.Fatal("approving did not ask first")
	}
	if f.win.Canvas().Focused() == e.approveYes {
		f.t.Error("the focus is on “yes”: Enter would approve by accident")
	}
	f.do(func() { test.Tap(e.approveYes) })
}

func TestApproveRefusedThenAccepted(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	f.openQuiet()
	e := f.newMeeting("05/03/2026")
	r := e.row(t, "Nguyễn Thị Thảo")
	f.do(func() { r.choice.TypedRune('2') })
	// Incomplete minutes: what they lack is shown at once, without asking anything.
	f.do(func() { test.Tap(e.approveBtn) })
	if e.confirmDlg != nil && f.ui.topModal() == e.confirmDlg {
		t.Fatal("incomplete minutes: the approval question came before the refusals")
	}
	if e.m.Status != store.StatusDraft || !e.editable {
		t.Fatal("incomplete minutes were approved")
	}
	for _, k := range []string{"start", "secretary", "attendance"} {
		if fl := e.fields[k]; !fl.errMsg.Visible() || fl.errMsg.Text == "" {
			t.Errorf("no error under %s", k)
		}
	}
	if !strings.Contains(e.fields["attendance"].errMsg.Text, "Nguyễn Thị Thảo") {
		t.Errorf("attendance error = %q, want her name", e.fields["attendance"].errMsg.Text)
	}
	for _, k := range []string{"place", "chair"} {
		if e.fields[k].errMsg.Visible() {
			t.Errorf("error under %s, which is filled: %q", k, e.fields[k].errMsg.Text)
		}
	}
	if !e.summary.Visible() || !strings.Contains(e.summary.Text, "Giờ bắt đầu") {
		t.Errorf("summary = %q, want the refused fields named", e.summary.Text)
	}
	if f.win.Canvas().Focused() != e.form.start {
		t.Errorf("focus on %T, want the start time (the first refused field)", f.win.Canvas().Focused())
	}

	f.do(func() {
		test.Type(e.form.start, "19:30")
		test.Type(e.form.end, "21:15")
		e.form.secretary.sel.SetSelectedIndex(0)
		test.Type(r.reason, "Ốm")
	})
	if !strings.Contains(e.form.duration.Text, "105 phút") {
		t.Errorf("duration = %q, want 105 minutes", e.form.duration.Text)
	}
	f.approveNow(e)
	if e.m.Status != store.StatusApproved {
		t.Fatalf("not approved: %q", e.summary.Text)
	}
	if e.summary.Visible() {
		t.Errorf("refusal still shown: %q", e.summary.Text)
	}
	code := store.ShortCode(e.m.RecordHash)
	if !strings.Contains(e.state.Text, "01/2026") || !strings.Contains(e.state.Text, code) || code == "" {
		t.Errorf("status line = %q, want number 01/2026 and code %s", e.state.Text, code)
	}
	got := f.stored(e.m.ID)
	if got.Status != store.StatusApproved || got.Number != 1 || got.Body.Start != "19:30" {
		t.Errorf("stored: status %s, number %d, start %q", got.Status, got.Number, got.Body.Start)
	}
	for _, a := range got.Body.Attendance {
		if a.Name == "Nguyễn Thị Thảo" && (a.Status != store.AttAbsentExcused || a.Reason != "Ốm") {
			t.Errorf("stored attendance of Nguyễn Thị Thảo: %s, %q", a.Status, a.Reason)
		}
	}
	if e.approveBtn.Visible() || !e.correctBtn.Visible() {
		t.Error("after approval the approve button should go and the correct button come")
	}
	if !e.form.place.Disabled() || !e.row(t, "Nguyễn Thị Thảo").choice.Disabled() {
		t.Error("approved minutes are still editable")
	}
}

// approvedMeeting makes approved minutes in the store directly and returns their id.
func approvedMeeting(t *testing.T, c *store.Cell) string {
	t.Helper()
	ctx := context.Background()
	m, err := c.CreateMeeting(ctx, store.MeetingRegular, store.NewDate(2026, 3, 5))
	if err != nil {
		t.Fatal(err)
	}
	m.Body.Start, m.Body.End, m.Body.Topic = "19:30", "21:15", "Học tập Chỉ thị 05"
	m.Body.SecretaryID, m.Body.Secretary = m.Body.Attendance[0].MemberID, m.Body.Attendance[0].Name
	m.Body.Items = []store.AgendaItem{{Title: "Tình hình tháng 2", Speeches: []store.Speech{
		{SpeakerID: m.Body.Attendance[1].MemberID, Speaker: m.Body.Attendance[1].Name, Text: "Đồng ý"}}}}
	if m, err = c.SaveMeetingDraft(ctx, m); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ApproveMeeting(ctx, m.ID, m.Version); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func TestApprovedReadOnlyAndCorrection(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{Now: func() time.Time { return time.Date(2026, 6, 15, 9, 0, 0, 0, time.Local) }})
	cs := f.openQuiet()
	id := approvedMeeting(t, cs.cell)
	before := f.stored(id)
	f.do(func() { test.Tap(cs.toMeet) })
	f.do(func() { cs.meetings.reload(nil) })
	mp := cs.meetings
	if len(mp.meetings) != 1 {
		t.Fatalf("list has %d meetings, want 1", len(mp.meetings))
	}
	// The follow-up tab lists what is missing since March, in sentences.
	if mp.nFindings == 0 || len(mp.findings.Objects) != mp.nFindings {
		t.Errorf("follow-up: %d findings, %d lines", mp.nFindings, len(mp.findings.Objects))
	}
	for _, o := range mp.findings.Objects {
		if l := o.(*widget.Label); strings.Contains(l.Text, "compliance.") || len(l.Text) < 10 {
			t.Errorf("follow-up line %q", l.Text)
		}
	}
	if !strings.Contains(mp.tabBtns[meetTabCompliance].Text, fmt.Sprint(mp.nFindings)) {
		t.Errorf("follow-up tab = %q, want the count", mp.tabBtns[meetTabCompliance].Text)
	}
	// Enter on the row opens it.
	f.win.Canvas().Focus(mp.list)
	f.do(func() { mp.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	e := mp.editor
	if e == nil || e.m.ID != id || !e.loaded {
		t.Fatal("Enter on the row did not open the meeting")
	}
	if e.editable {
		t.Fatal("approved minutes opened for editing")
	}
	enabled := 0
	walk(e.form.body, func(o fyne.CanvasObject) {
		if d, ok := o.(fyne.Disableable); ok && !d.Disabled() && o.Visible() {
			enabled++
			t.Errorf("%T is enabled in approved minutes", o)
		}
		if b, ok := o.(*button); ok && b.editOnly && b.Visible() {
			t.Errorf("button %q shown in approved minutes", b.Text)
		}
	})
	// Nothing the user (or a stray timer) does writes a draft.
	f.do(func() {
		test.Type(e.form.topic, "sửa trộm")
		e.changed()
		e.saveNow()
		f.ui.shortcut(ctrlS)
	})
	if n := e.draftSaves.Load(); n != 0 {
		t.Errorf("SaveMeetingDraft called %d times on approved minutes", n)
	}
	if got := f.stored(id); got.Version != before.Version || got.Body.Topic != before.Body.Topic {
		t.Errorf("approved minutes changed: version %d → %d, topic %q", before.Version, got.Version, got.Body.Topic)
	}
	if e.form.topic.Text != "Học tập Chỉ thị 05" {
		t.Errorf("topic shows %q", e.form.topic.Text)
	}

	// Correction: a reason, then a new linked draft opens; both stay in the list.
	f.do(func() { test.Tap(e.correctBtn) })
	if e.correctDlg == nil || f.ui.topModal() != e.correctDlg {
		t.Fatal("no correction dialog")
	}
	f.do(func() { test.Tap(e.correctOK) })
	if f.ui.topModal() != e.correctDlg {
		t.Fatal("a correction without a reason was accepted")
	}
	f.do(func() { test.Type(e.correctReason, "Ghi nhầm giờ kết thúc") })
	f.do(func() { test.Tap(e.correctOK) })
	n := mp.editor
	if n == nil || n == e || n.m.CorrectsID != id || !n.editable {
		t.Fatalf("no correction draft opened (editor %v)", n)
	}
	if !strings.Contains(n.note.Text, "Ghi nhầm giờ kết thúc") || !n.note.Visible() {
		t.Errorf("correction note = %q, want the reason", n.note.Text)
	}
	if n.form.topic.Text != "Học tập Chỉ thị 05" {
		t.Errorf("correction topic = %q, want the content carried over", n.form.topic.Text)
	}
	f.ui.wait()
	if len(mp.meetings) != 2 {
		t.Errorf("list has %d meetings, want both versions", len(mp.meetings))
	}
	if got := f.stored(id); got.Status != store.StatusApproved {
		t.Error("the corrected minutes are no longer approved")
	}
}

func TestAutosaveWithoutPressingSave(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	f.openQuiet()
	e := f.newMeeting("05/03/2026")
	dirty := false
	f.do(func() {
		test.Type(e.form.topic, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
		dirty = e.dirty
	})
	if !dirty {
		t.Fatal("typing did not mark the draft changed")
	}
	time.Sleep(2 * time.Second)
	f.ui.wait()
	got := f.stored(e.m.ID)
	if got.Body.Topic != "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" {
		t.Errorf("stored topic = %q two seconds after typing, without Save", got.Body.Topic)
	}
	if e.dirty || !strings.HasPrefix(e.saveState.Text, "Đã lưu lúc ") {
		t.Errorf("dirty %v, status %q", e.dirty, e.saveState.Text)
	}
}

func TestAutosaveWhileTypingGoesOn(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	f.openQuiet()
	e := f.newMeeting("05/03/2026")
	// A key every 300 ms never leaves a quiet second, so only the two-second limit saves.
	start := time.Now()
	for time.Since(start) < 2600*time.Millisecond {
		f.do(func() { e.form.notes.TypedRune('a') })
		time.Sleep(300 * time.Millisecond)
	}
	if n := e.draftSaves.Load(); n < 1 {
		t.Fatalf("no save during 2.6 s of steady typing")
	}
	if got := f.stored(e.m.ID).Body.Notes; !strings.HasPrefix(got, "aaaa") {
		t.Errorf("stored notes = %q while typing went on", got)
	}
}

func TestRestartReopensMeeting(t *testing.T) {
	dir := t.TempDir()
	f := newFixture(t, dir, Options{})
	f.openQuiet()
	e := f.newMeeting("05/03/2026")
	f.do(func() { test.Type(e.form.fee, "Đã thu đủ đảng phí quý I") })
	f.do(func() { e.scrollTo(500) })
	time.Sleep(2 * time.Second)
	f.ui.wait()
	if got := f.stored(e.m.ID).Body.FeeReport; got != "Đã thu đủ đảng phí quý I" {
		t.Fatalf("not saved before the restart: %q", got)
	}
	id := e.m.ID
	// The first window goes away; a new one starts on the same folder and preferences.
	f.ui.closeCell()
	f.ui.wait()
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1280, 720))
	u := NewUI(f.app, w, dir, Options{Store: []store.Option{store.WithKDF(store.FastKDF)}})
	u.wait()
	t.Cleanup(func() {
		u.doMu.Lock()
		u.closeCell()
		u.doMu.Unlock()
		u.wait()
	})
	g := &fixture{t: t, app: f.app, win: w, ui: u, dir: dir}
	g.open("LUNGVAI", testPass)
	cs := u.cell
	if cs == nil {
		t.Fatal("cell not open after the restart")
	}
	if cs.page != pageMeetings || cs.meetings.editor == nil {
		t.Fatalf("after the restart the page is %q with editor %v, want the meeting", cs.page, cs.meetings.editor)
	}
	e2 := cs.meetings.editor
	if e2.m.ID != id || e2.form.fee.Text != "Đã thu đủ đảng phí quý I" {
		t.Errorf("reopened meeting %s with fee %q", e2.m.ID, e2.form.fee.Text)
	}
	if e2.scroll.Offset.Y < 100 {
		t.Errorf("scroll = %v after the restart, want about 500", e2.scroll.Offset.Y)
	}
	// Going back to the list forgets it: the next start shows the list.
	g.do(func() { test.Tap(e2.back) })
	if got := f.app.Preferences().String(prefOpenMeeting + "LUNGVAI"); got != "" {
		t.Errorf("open meeting remembered after going back to the list: %q", got)
	}
}

// fakePrinter records what it was asked to print, and checks it is a whole PDF file.
type fakePrinter struct {
	mu    sync.Mutex
	paths []string
	heads []string
	err   error
}

func (p *fakePrinter) print(path string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	p.paths = append(p.paths, path)
	p.heads = append(p.heads, string(b[:min(len(b), 5)]))
	return p.err
}

func TestPrintHandsAPDFToThePrinter(t *testing.T) {
	p := &fakePrinter{}
	f := newFixture(t, t.TempDir(), Options{Printer: p.print})
	f.openQuiet()
	e := f.newMeeting("05/03/2026")
	f.do(func() { f.ui.shortcut(ctrlP) })
	f.do(func() { test.Tap(e.printAtt) })
	f.do(func() { test.Tap(e.printRes) })
	if len(p.paths) != 3 {
		t.Fatalf("printer called %d times, want 3", len(p.paths))
	}
	for i, h := range p.heads {
		if h != "%PDF-" {
			t.Errorf("paper %d starts with %q, want %%PDF-", i, h)
		}
	}
	if base := filepath.Base(p.paths[0]); base != "LUNGVAI-BB-NHAP-2026-03-05.pdf" {
		t.Errorf("minutes file = %s", base)
	}
	if base := filepath.Base(p.paths[1]); base != "LUNGVAI-DIEMDANH-2026-03-05.pdf" {
		t.Errorf("attendance file = %s", base)
	}
	if m := f.ui.topModal(); m == nil {
		t.Error("no word after printing")
	}
	for f.ui.topModal() != nil {
		f.ui.escape()
	}

	// The roster book, from the roster page.
	cs := f.ui.cell
	f.do(func() { test.Tap(cs.toRoster) })
	f.do(func() { test.Tap(cs.roster.print) })
	if len(p.paths) != 4 || p.heads[3] != "%PDF-" || !strings.Contains(p.paths[3], "SODANHSACH") {
		t.Errorf("roster book not printed: %v", p.paths)
	}
	for f.ui.topModal() != nil {
		f.ui.escape()
	}

	// No printer: one clear sentence, and an offer to save the file instead.
	p.err = errNoPrintProgram
	f.do(func() { test.Tap(cs.toMeet) })
	f.do(func() { test.Tap(e.printMin) })
	m := f.ui.topModal()
	if m == nil {
		t.Fatal("no word when printing failed")
	}
	if fo, ok := f.win.Canvas().Focused().(*button); !ok || fo.Text != i18n.T(i18n.VI, "ui.print.save_instead") {
		t.Errorf("focus after a failed print = %v, want the save button", f.win.Canvas().Focused())
	}
	if e.printMin.Disabled() {
		t.Error("print button stays disabled after a failure")
	}
}

func TestSavePaperWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	f := newFixture(t, t.TempDir(), Options{})
	f.openQuiet()
	e := f.newMeeting("05/03/2026")
	var got string
	f.do(func() { f.ui.savePaperTo(e.minutesPaper(), dir, func(p string) { got = p }) })
	if filepath.Base(got) != "LUNGVAI-BB-NHAP-2026-03-05.pdf" {
		t.Fatalf("saved as %q", got)
	}
	b, err := os.ReadFile(got)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("saved file: %v, starts %q", err, b[:min(len(b), 5)])
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d files, want just the PDF (no temporary file left)", len(entries))
	}
	for f.ui.topModal() != nil {
		f.ui.escape()
	}
	// A folder that went away (a stick pulled out): one sentence, no file.
	gone := filepath.Join(dir, "usb-rut-ra")
	f.do(func() { f.ui.savePaperTo(e.minutesPaper(), gone, func(p string) { got = p }) })
	if got != "" {
		t.Errorf("saved to a missing folder: %q", got)
	}
	if m := f.ui.topModal(); m == nil {
		t.Error("no word after a failed save")
	}
	if _, err := writeFileAtomic(gone, "x.pdf", []byte("%PDF-")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("writeFileAtomic to a missing folder: %v", err)
	}
	if s := fileErrorText(&os.PathError{Op: "write", Path: "x", Err: errFull}); s != i18n.T(i18n.VI, "ui.save_pdf.full") {
		t.Errorf("a full disk reads %q", s)
	}
}

func TestMeetingTabOrderTopToBottom(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	f.openQuiet()
	e := f.newMeeting("05/03/2026")
	if f.win.Canvas().Focused() != e.form.start {
		t.Errorf("a new meeting gives the focus to %T, want the start time", f.win.Canvas().Focused())
	}
	fm := e.form
	f.win.Canvas().Focus(fm.kind)
	want := []fyne.Focusable{fm.date, fm.start, fm.end, fm.place, fm.topic, fm.chair.sel, fm.secretary.sel}
	for i, w := range want {
		f.win.Canvas().FocusNext()
		if got := f.win.Canvas().Focused(); got != w {
			t.Fatalf("Tab %d lands on %T, want %T", i+1, got, w)
		}
	}
	// On through the add buttons and the fee report to the first member's attendance.
	for i := 0; i < 4; i++ {
		f.win.Canvas().FocusNext()
	}
	if got := f.win.Canvas().Focused(); got != fm.attRows[0].choice {
		t.Errorf("after the fee report Tab lands on %T, want the first attendance choice", got)
	}
	f.win.Canvas().FocusNext()
	if got := f.win.Canvas().Focused(); got != fm.attRows[1].choice {
		t.Errorf("Tab from a present member lands on %T, want the next member (the closed reason is skipped)", got)
	}
}

func TestConflictReloads(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	f.openQuiet()
	e := f.newMeeting("05/03/2026")
	// Someone else (the command line) saves the same draft meanwhile.
	m := f.stored(e.m.ID)
	m.Body.Place = "Nhà văn hóa bản Lùng Vai"
	if _, err := f.ui.cell.cell.SaveMeetingDraft(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	f.do(func() {
		test.Type(e.form.topic, "Học tập")
		f.ui.shortcut(ctrlS)
	})
	if f.ui.topModal() == nil {
		t.Error("a conflict was not told")
	}
	if e.form.place.Text != "Nhà văn hóa bản Lùng Vai" || e.dirty {
		t.Errorf("after the conflict: place %q, dirty %v; want the stored version shown", e.form.place.Text, e.dirty)
	}
	// Editing goes on from the stored version.
	for f.ui.topModal() != nil {
		f.ui.escape()
	}
	f.do(func() {
		test.Type(e.form.topic, " mới")
		f.ui.shortcut(ctrlS)
	})
	if got := f.stored(e.m.ID); got.Body.Place != "Nhà văn hóa bản Lùng Vai" || !strings.HasSuffix(got.Body.Topic, " mới") {
		t.Errorf("stored after editing on: place %q, topic %q", got.Body.Place, got.Body.Topic)
	}
}

func TestLockWritesTheDraftFirst(t *testing.T) {
	dir := t.TempDir()
	f := newFixture(t, dir, Options{})
	f.openQuiet()
	e := f.newMeeting("05/03/2026")
	id := e.m.ID
	// Ctrl+L at once, long before the autosave would run.
	f.do(func() {
		test.Type(e.form.notes, "Ghi kịp trước khi đóng sổ")
		f.ui.shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault})
	})
	if f.ui.cell != nil {
		t.Fatal("Ctrl+L did not lock")
	}
	c, err := store.OpenCell(context.Background(), dir, "LUNGVAI", testPass)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m, err := c.GetMeeting(context.Background(), id)
	if err != nil || m.Body.Notes != "Ghi kịp trước khi đóng sổ" {
		t.Errorf("notes after locking = %q (%v)", m.Body.Notes, err)
	}
}

func TestLanguageSwitchKeepsTheMeeting(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	cs := f.openQuiet()
	e := f.newMeeting("05/03/2026")
	f.do(func() { test.Type(e.form.notes, "Giữ nguyên") })
	f.do(func() { test.Tap(cs.toSet) })
	f.do(func() { cs.settings.language.SetSelectedIndex(1) })
	cs = f.ui.cell
	if cs.page != pageSettings {
		t.Errorf("page after switching = %q, want settings still", cs.page)
	}
	e2 := cs.meetings.editor
	if e2 == nil || e2.m.ID != e.m.ID || e2.form.notes.Text != "Giữ nguyên" {
		t.Fatalf("meeting after switching: %v", e2)
	}
	if got := e2.approveBtn.Text; got != "Approve the minutes" {
		t.Errorf("approve button = %q in English", got)
	}
}

func TestSpaceDoesNotRemoveARow(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	f.openQuiet()
	e := f.newMeeting("05/03/2026")
	addDoc := e.form.docsBox.Objects[0].(*fyne.Container).Objects[0].(*button)
	f.do(func() { test.Tap(addDoc) })
	f.do(func() { test.Type(f.win.Canvas().Focused().(*entry), "Hướng dẫn 42-HD/BTCTW") })
	f.win.Canvas().FocusNext()
	del, ok := f.win.Canvas().Focused().(*button)
	if !ok || del.Text != i18n.T(i18n.VI, "ui.meeting.remove") {
		t.Fatalf("Tab from the document lands on %v, want its remove button", f.win.Canvas().Focused())
	}
	// Typing on, as if still in a field: spaces do nothing.
	f.do(func() { del.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) })
	if len(e.m.Body.Documents) != 1 || f.ui.topModal() != nil {
		t.Fatal("Space removed the row or asked about it")
	}
	// Enter asks first, because the row has text; "keep" keeps it.
	f.do(func() { del.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if f.ui.topModal() == nil {
		t.Fatal("removing a row with text did not ask")
	}
	f.ui.escape()
	if len(e.m.Body.Documents) != 1 {
		t.Error("the row went although she said keep")
	}
}

func TestEnterInNewMeetingDialog(t *testing.T) {
	f := newFixture(t, t.TempDir(), Options{})
	cs := f.openQuiet()
	f.do(func() { test.Tap(cs.toMeet) })
	f.do(func() { test.Tap(cs.meetings.newBtn) })
	d := cs.meetings.newDlg
	if f.win.Canvas().Focused() != d.kind {
		t.Fatal("the kind does not have the focus")
	}
	f.do(func() { d.kind.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight}) })
	// A bad date is refused in the dialog, in words.
	d.date.SetText("31/02/2026")
	f.do(func() { d.kind.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if f.ui.topModal() != d.m || !d.errMsg.Visible() || strings.Contains(d.errMsg.Text, "err.") {
		t.Fatalf("bad date: dialog open %v, message %q", f.ui.topModal() == d.m, d.errMsg.Text)
	}
	d.date.SetText("15/03/2026")
	f.do(func() { d.date.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	e := cs.meetings.editor
	if e == nil || e.m.Kind != store.MeetingThematic || e.m.Date.DMY() != "15/03/2026" {
		t.Fatalf("Enter did not make a thematic meeting on 15/03/2026: %v", e)
	}
}
