package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/color"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chibo/documents"
	"chibo/i18n"
	"chibo/store"
)

// Autosave: a draft is written this long after the last change, and at the latest this long
// after the first change not yet written, however fast she goes on typing. A power cut loses
// at most the last two seconds.
const (
	autosaveQuiet   = time.Second
	autosaveLongest = 2 * time.Second
	// autosaveRetry is how long to wait before trying again after a save failed (a full disk).
	autosaveRetry = 5 * time.Second
)

// meetingEditor is one meeting on one long, scrolling form, in the order the secretary lives
// the meeting: general, attendance, agenda with speakers, last month's tasks, new tasks,
// votes, score, next meeting. Every change goes into m at once and is saved as a draft in the
// background a second later; there is no Save button to forget. Approved minutes open
// read-only.
type meetingEditor struct {
	ui *UI
	cs *cellScreen
	mp *meetingsPage

	m        store.Meeting // what the form holds; touched on the UI goroutine only
	loaded   bool
	editable bool
	filling  bool // set while the program fills the form, so that filling is not a change
	dirty    bool // something changed that is not yet saved
	seq      int  // counts the changes; a save remembers the one it saved up to
	closed   bool

	// What the store holds, changed by the goroutine that writes under saveMu, so that saves
	// run one at a time and in order, and approval comes after the last save.
	saveMu   sync.Mutex
	version  int
	savedSeq int
	// draftSaves counts calls of SaveMeetingDraft (tests check that approved minutes get none).
	draftSaves atomic.Int64

	quiet, longest, retry *time.Timer
	timerGen              int
	saving                int
	scrollY               float32
	scrollSaved           float32 // the position last written to the preferences

	// the bar above the form
	back, approveBtn, correctBtn          *button
	printMin, printRes, printAtt, savePDF *button
	jump                                  *selectBox
	title, state, saveState, note         *widget.Label
	summary                               *widget.Label
	root                                  *fyne.Container
	scroll                                *container.Scroll
	fields                                map[string]*field
	confirmDlg, correctDlg                *modal
	approveYes, correctOK                 *button
	correctReason                         *entry
	form                                  *meetingForm
}

func (cs *cellScreen) newMeetingEditor(mp *meetingsPage, id string) *meetingEditor {
	u := cs.ui
	e := &meetingEditor{
		ui: u, cs: cs, mp: mp,
		m:         store.Meeting{ID: id},
		title:     heading(i18n.L("ui.meeting.loading")),
		state:     &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
		note:      &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}},
		saveState: &widget.Label{},
		summary:   errorLabel(),
		fields:    map[string]*field{},
	}
	e.back = u.newButton(i18n.L("ui.meeting.back"), widget.MediumImportance, mp.backToList)
	e.back.Icon = theme.NavigateBackIcon()
	e.approveBtn = u.newButton(i18n.L("ui.meeting.approve"), widget.HighImportance, e.askApprove)
	e.approveBtn.Icon = theme.ConfirmIcon()
	e.correctBtn = u.newButton(i18n.L("ui.meeting.correct"), widget.WarningImportance, e.askCorrect)
	e.correctBtn.Hide()
	e.printMin = u.newButton(i18n.L("ui.meeting.print_minutes"), widget.MediumImportance, func() { e.print(e.minutesPaper(), e.printMin) })
	e.printMin.Icon = theme.DocumentPrintIcon()
	e.printRes = u.newButton(i18n.L("ui.meeting.print_resolution"), widget.MediumImportance, func() { e.print(e.resolutionPaper(), e.printRes) })
	e.printRes.Icon = theme.DocumentPrintIcon()
	e.printAtt = u.newButton(i18n.L("ui.meeting.print_attendance"), widget.MediumImportance, func() { e.print(e.attendancePaper(), e.printAtt) })
	e.printAtt.Icon = theme.DocumentPrintIcon()
	e.savePDF = u.newButton(i18n.L("ui.meeting.save_pdf"), widget.MediumImportance, e.askSavePDF)
	e.savePDF.Icon = theme.DocumentSaveIcon()
	e.form = e.newMeetingForm()
	e.jump = u.newSelect(e.form.sectionNames, nil)
	e.jump.PlaceHolder = i18n.L("ui.meeting.jump")
	e.jump.OnChanged = func(string) {
		if i := e.jump.SelectedIndex(); i >= 0 {
			e.jumpTo(i)
			e.jump.ClearSelected()
		}
	}
	for _, b := range []*button{e.approveBtn, e.printMin, e.printRes, e.printAtt, e.savePDF} {
		b.Disable()
	}
	return e
}

func (e *meetingEditor) content() fyne.CanvasObject {
	u := e.ui
	e.scroll = u.scroll("meeting", container.NewThemeOverride(container.NewPadded(e.form.body), readableDisabled{e}))
	e.scroll.OnScrolled = func(p fyne.Position) { e.scrollY = p.Y }
	jump := sized(e.jump, selectWidth(append([]string{e.jump.PlaceHolder}, e.jump.Options...)))
	line1 := container.NewBorder(nil, nil, e.back, jump, e.title)
	line2 := container.NewHBox(e.approveBtn, e.correctBtn, e.printMin, e.printRes, e.printAtt, e.savePDF,
		layout.NewSpacer(), e.state, e.saveState)
	top := container.NewVBox(line1, line2, e.note, e.summary, widget.NewSeparator())
	e.root = border(top, nil, e.scroll)
	return e.root
}

// relayout lays the editor out again after a message line above the form appeared or went.
func (e *meetingEditor) relayout() {
	if e.root != nil {
		e.root.Refresh()
	}
}

// load reads the meeting in the background and fills the form; then, when the meeting is the
// one the last session left open, scrolls back to where she was.
func (e *meetingEditor) load() {
	var m store.Meeting
	var err error
	id := e.m.ID
	e.ui.background(func(ctx context.Context) {
		m, err = e.cs.cell.GetMeeting(ctx, id)
	}, func() {
		if e.closed {
			return
		}
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				e.mp.backToList()
				return
			}
			setShown(e.summary, errorText(err))
			e.relayout()
			return
		}
		e.show(m)
		prefs := e.ui.app.Preferences()
		if y := prefs.Float(prefMeetingScroll + e.cs.cell.Profile().Code); y > 0 {
			e.scrollSaved = float32(y)
			e.scrollTo(float32(y))
		} else if e.editable {
			e.ui.win.Canvas().Focus(e.form.start)
		}
	})
}

// show puts a meeting as read or saved into the form.
func (e *meetingEditor) show(m store.Meeting) {
	e.m = m
	e.saveMu.Lock()
	e.version = m.Version
	e.savedSeq = e.seq
	e.saveMu.Unlock()
	e.loaded = true
	e.dirty = false
	e.editable = m.Status == store.StatusDraft
	e.form.fill()
	e.refreshBar()
	e.relayout()
}

// refreshBar shows the title, the status and the buttons that fit the status.
func (e *meetingEditor) refreshBar() {
	m := e.m
	e.title.SetText(i18n.L("ui.meeting.title", map[string]any{"Kind": i18n.L("ui.meeting.kind_words." + m.Kind), "Date": m.Date.DMY()}))
	st := statusText(m, false)
	if m.Status == store.StatusApproved {
		st = i18n.L("ui.meeting.approved_line", map[string]any{
			"Number": fmt.Sprintf("%02d", m.Number), "Year": m.Date.Time().Year(), "Status": st,
		})
	}
	e.state.SetText(st)
	note := ""
	switch {
	case m.Status == store.StatusApproved:
		note = i18n.L("ui.meeting.read_only_note")
	case m.CorrectsID != "":
		note = i18n.L("ui.meeting.correction_reason", map[string]any{"Reason": strings.ReplaceAll(m.CorrectionReason, "\n", " ")})
	}
	setShown(e.note, note)
	for _, b := range []*button{e.printMin, e.printRes, e.printAtt, e.savePDF} {
		b.Enable()
	}
	if e.editable {
		e.approveBtn.Show()
		e.approveBtn.Enable()
		e.correctBtn.Hide()
	} else {
		e.approveBtn.Hide()
		e.correctBtn.Show()
		e.saveState.SetText("")
	}
}

// changed is called after every change the user makes: the draft is dirty, the computed
// parts follow, and a save is due.
func (e *meetingEditor) changed() {
	if e.filling || !e.editable || e.closed {
		return
	}
	e.dirty = true
	e.seq++
	e.form.recompute()
	e.schedule()
}

// schedule arms the autosave: autosaveQuiet after this change, and autosaveLongest after the
// first change since the last save at the latest.
func (e *meetingEditor) schedule() {
	gen := e.timerGen
	fire := func() {
		e.ui.onUI(func() {
			if gen == e.timerGen {
				e.autosave()
			}
		})
	}
	if e.quiet != nil {
		e.quiet.Stop()
	}
	e.quiet = time.AfterFunc(autosaveQuiet, fire)
	if e.longest == nil {
		e.longest = time.AfterFunc(autosaveLongest, fire)
	}
}

func (e *meetingEditor) stopTimers() {
	e.timerGen++
	for _, t := range []*time.Timer{e.quiet, e.longest, e.retry} {
		if t != nil {
			t.Stop()
		}
	}
	e.quiet, e.longest, e.retry = nil, nil, nil
}

func (e *meetingEditor) autosave() {
	e.stopTimers()
	e.saveDraft(nil)
}

// saveNow is Ctrl+S: save at once.
func (e *meetingEditor) saveNow() {
	e.stopTimers()
	e.saveDraft(nil)
}

// snapshot is a deep copy of the meeting, for a goroutine to write while the form goes on
// changing.
func (e *meetingEditor) snapshot() store.Meeting {
	m := e.m
	b, err := json.Marshal(m)
	if err != nil {
		return m
	}
	var out store.Meeting
	if err := json.Unmarshal(b, &out); err != nil {
		return m
	}
	return out
}

// persist writes m (as of change seq) unless a later change was written already. It runs
// off the UI goroutine, holding saveMu.
func (e *meetingEditor) persist(ctx context.Context, m store.Meeting, seq int) error {
	if seq <= e.savedSeq {
		return nil
	}
	m.Version = e.version
	e.draftSaves.Add(1)
	out, err := e.cs.cell.SaveMeetingDraft(ctx, m)
	if err != nil {
		return err
	}
	e.version = out.Version
	e.savedSeq = seq
	return nil
}

// saveDraft saves the draft in the background if it has changes; then, when not nil, runs
// after on the UI goroutine with the error.
func (e *meetingEditor) saveDraft(after func(error)) {
	if !e.editable || !e.loaded || !e.dirty {
		if after != nil {
			after(nil)
		}
		return
	}
	m, seq := e.snapshot(), e.seq
	e.saving++
	e.saveState.SetText(i18n.L("ui.meeting.saving"))
	var err error
	e.ui.background(func(ctx context.Context) {
		e.saveMu.Lock()
		defer e.saveMu.Unlock()
		err = e.persist(ctx, m, seq)
	}, func() {
		e.saving--
		e.saved(seq, err)
		if after != nil {
			after(err)
		}
	})
}

// saved shows the outcome of a save of change seq.
func (e *meetingEditor) saved(seq int, err error) {
	if e.closed {
		return
	}
	switch {
	case err == nil:
		if e.seq == seq {
			e.dirty = false
		}
		if e.saving == 0 {
			e.saveState.SetText(i18n.L("ui.meeting.saved_at", map[string]any{"Time": e.ui.opts.Now().Format("15:04:05")}))
		}
		e.rememberScroll()
	case errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrApproved), errors.Is(err, store.ErrNotFound):
		// Someone else (the command line, another window) changed or approved these minutes:
		// what the store holds wins, and she is told.
		e.stopTimers()
		e.ui.inform(i18n.L("ui.meeting.conflict_title"), i18n.L("ui.meeting.conflict"))
		e.reload()
	default:
		var ve *store.ValidationError
		if errors.As(err, &ve) {
			e.showRefusal(ve, "ui.meeting.refused_draft")
		} else {
			e.saveState.SetText(i18n.L("ui.meeting.save_failed", map[string]any{"Reason": errorText(err)}))
		}
		// Try again a little later; nothing typed is dropped meanwhile.
		gen := e.timerGen
		e.retry = time.AfterFunc(autosaveRetry, func() {
			e.ui.onUI(func() {
				if gen == e.timerGen {
					e.autosave()
				}
			})
		})
	}
}

// reload reads the meeting again, dropping what the form holds.
func (e *meetingEditor) reload() {
	e.clearErrors()
	e.load()
}

// rememberScroll keeps how far down she is, for the next start. Fyne rewrites its whole
// preferences file in place on every change, so a power cut in the middle of a write can empty
// it; the position is therefore written only when she has moved on by a good part of a
// screen, not at every save.
func (e *meetingEditor) rememberScroll() {
	if e.scroll == nil || e.mp.editor != e {
		return
	}
	if d := e.scrollY - e.scrollSaved; d > -scrollSlack && d < scrollSlack {
		return
	}
	e.scrollSaved = e.scrollY
	e.ui.app.Preferences().SetFloat(prefMeetingScroll+e.cs.cell.Profile().Code, float64(e.scrollY))
}

// scrollSlack is how far (in points) she may scroll before the position is written again.
const scrollSlack = 150

// close stops the autosave, writes what is not yet written, and then, when not nil, runs after.
// The write is background work of the open cell, so locking and closing the window wait for it.
func (e *meetingEditor) close(after func()) {
	if e.closed {
		if after != nil {
			after()
		}
		return
	}
	e.stopTimers()
	e.rememberScroll()
	e.saveDraft(func(error) {
		if after != nil {
			after()
		}
	})
	// From here on the editor shows nothing: the save's outcome is not shown either.
	e.closed = true
}

func (e *meetingEditor) scrollTo(y float32) {
	s := e.scroll
	s.Content.Resize(s.Content.MinSize().Max(s.Size()))
	s.ScrollToOffset(fyne.NewPos(0, y))
	e.scrollY = s.Offset.Y
}

// jumpTo scrolls to section i and gives its first field the focus.
func (e *meetingEditor) jumpTo(i int) {
	if i < 0 || i >= len(e.form.sections) {
		return
	}
	sec := e.form.sections[i]
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(sec).Y - d.AbsolutePositionForObject(e.scroll.Content).Y
	e.scrollTo(y)
	if fo := firstFocusable(sec); fo != nil {
		e.ui.win.Canvas().Focus(fo)
		e.scrollTo(y)
	}
	e.rememberScroll()
}

// firstFocusable is the first enabled widget under o that takes the keyboard focus.
func firstFocusable(o fyne.CanvasObject) fyne.Focusable {
	if !o.Visible() {
		return nil
	}
	if fo, ok := o.(fyne.Focusable); ok {
		if d, ok := o.(fyne.Disableable); !ok || !d.Disabled() {
			return fo
		}
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			if fo := firstFocusable(c); fo != nil {
				return fo
			}
		}
	case *container.Scroll:
		return firstFocusable(x.Content)
	case *container.ThemeOverride:
		return firstFocusable(x.Content)
	}
	return nil
}

// clearErrors hides every red line of the form and the summary.
func (e *meetingEditor) clearErrors() {
	for _, f := range e.fields {
		f.setError("")
	}
	setShown(e.summary, "")
	e.relayout()
}

// Fields of the store's refusals, in the order of the form.
var meetingFieldOrder = []string{"kind", "date", "start", "end", "place", "chair", "secretary", "attendance", "items", "tasks"}

// showRefusal puts each refused field's sentence under it, all of them at the top, and the
// focus in the first.
// meetingFieldOfStore maps the store's names of refused meeting fields to the form's, where
// they differ (the store keeps "place" and "secretary" for the cell's profile).
var meetingFieldOfStore = map[string]string{"venue": "place", "minutes_secretary": "secretary"}

func (e *meetingEditor) showRefusal(ve *store.ValidationError, introKey string) {
	e.clearErrors()
	byField := map[string][]string{}
	var lines []string
	for _, fe := range ve.Fields {
		if k, ok := meetingFieldOfStore[fe.Field]; ok {
			fe.Field = k
		}
		if t, ok := fe.Args["Text"].(string); ok && t == "" && fe.Key == "err.meeting.time" {
			// The store says `"" is not a valid time`; for a time not written yet, say so.
			fe = store.FieldError{Field: fe.Field, Key: "ui.meeting.time_missing"}
		}
		s := i18n.FieldSentence(i18n.Current(), fe)
		byField[fe.Field] = append(byField[fe.Field], s)
		name := i18n.L("ui.meeting.field." + fe.Field)
		if _, ok := e.fields[fe.Field]; !ok {
			name = i18n.L("ui.meeting.field.other")
		}
		lines = append(lines, "• "+name+": "+s)
	}
	for k, ss := range byField {
		if f := e.fields[k]; f != nil {
			f.setError(strings.Join(ss, "\n"))
		}
	}
	setShown(e.summary, i18n.L(introKey)+"\n"+strings.Join(lines, "\n"))
	e.relayout()
	for _, k := range meetingFieldOrder {
		if _, refused := byField[k]; !refused {
			continue
		}
		var fo fyne.Focusable
		if k == "attendance" {
			fo = e.form.refusedAttendance(ve)
		}
		if fo == nil {
			fo = e.fields[k].focusable()
		}
		if fo == nil {
			fo = firstFocusable(e.fields[k].box)
		}
		if fo != nil {
			e.ui.win.Canvas().Focus(fo)
		}
		break
	}
}

// askApprove asks, in plain words, whether the cell adopts the minutes now.
func (e *meetingEditor) askApprove() {
	if !e.editable || e.approveBtn.Disabled() {
		return
	}
	// What the minutes still lack is shown first, before any question.
	var ve *store.ValidationError
	if err := store.CheckForApproval(e.snapshot()); errors.As(err, &ve) {
		e.clearErrors()
		e.showRefusal(ve, "ui.meeting.refused")
		return
	}
	var m *modal
	no := e.ui.newButton(i18n.L("ui.meeting.approve_no"), widget.MediumImportance, func() { m.d.Hide() })
	yes := e.ui.newButton(i18n.L("ui.meeting.approve_yes"), widget.HighImportance, func() {
		m.d.Hide()
		e.approve()
	})
	m = e.ui.showModal(i18n.L("ui.meeting.approve_title"), wrapped(i18n.L("ui.meeting.approve_message")),
		[]fyne.CanvasObject{no, yes}, nil, func() { m.d.Hide() }, 600)
	e.ui.win.Canvas().Focus(no)
	e.confirmDlg, e.approveYes = m, yes
}

// approve writes the last changes and adopts the minutes, in one background job that holds
// saveMu, so that what is approved is exactly what the form showed.
func (e *meetingEditor) approve() {
	e.stopTimers()
	e.clearErrors()
	e.approveBtn.Disable()
	m, seq := e.snapshot(), e.seq
	var out store.Meeting
	var saveErr, err error
	e.ui.background(func(ctx context.Context) {
		e.saveMu.Lock()
		defer e.saveMu.Unlock()
		if saveErr = e.persist(ctx, m, seq); saveErr != nil {
			err = saveErr
			return
		}
		out, err = e.cs.cell.ApproveMeeting(ctx, m.ID, e.version)
		if err == nil {
			e.version = out.Version
		}
	}, func() {
		if e.closed {
			return
		}
		e.approveBtn.Enable()
		if saveErr == nil && e.seq == seq {
			e.dirty = false
		}
		var ve *store.ValidationError
		switch {
		case err == nil:
			e.show(out)
			e.saveState.SetText("")
			e.mp.reload(nil)
			e.ui.inform(i18n.L("ui.meeting.approved_title"), i18n.L("ui.meeting.approved_message", map[string]any{
				"Number": fmt.Sprintf("%02d", out.Number), "Code": store.ShortCode(out.RecordHash)}))
		case errors.As(err, &ve):
			e.showRefusal(ve, "ui.meeting.refused")
			if e.dirty {
				e.schedule()
			}
		case saveErr != nil:
			e.saved(seq, saveErr)
		default:
			setShown(e.summary, errorText(err))
			e.relayout()
		}
	})
}

// askCorrect asks why approved minutes must be corrected, then starts the correction: a new
// draft, linked to these, which opens in their place. Both stay in the list.
func (e *meetingEditor) askCorrect() {
	if e.editable || !e.loaded {
		return
	}
	u := e.ui
	reason := u.newMultiLineEntry()
	reason.SetMinRowsVisible(3)
	e.correctReason = reason
	errMsg := errorLabel()
	var m *modal
	busy := false
	cancel := u.newButton(i18n.L("ui.cancel"), widget.MediumImportance, func() {
		if !busy {
			m.d.Hide()
		}
	})
	var ok *button
	submit := func() {
		if busy {
			return
		}
		busy = true
		ok.Disable()
		var nm store.Meeting
		var err error
		id, text := e.m.ID, reason.Text
		u.background(func(ctx context.Context) {
			nm, err = e.cs.cell.CorrectMeeting(ctx, id, text)
		}, func() {
			busy = false
			ok.Enable()
			if err != nil {
				setShown(errMsg, errorText(err))
				m.fit(600)
				u.win.Canvas().Focus(reason)
				return
			}
			m.d.Hide()
			e.mp.reload(nil)
			e.mp.openMeeting(nm.ID)
		})
	}
	ok = u.newButton(i18n.L("ui.meeting.correct_start"), widget.HighImportance, submit)
	content := container.NewVBox(wrapped(i18n.L("ui.meeting.correct_intro")),
		form(newField(i18n.L("ui.meeting.field.correction_reason"), reason)), errMsg)
	m = u.showModal(i18n.L("ui.meeting.correct_title"), content, []fyne.CanvasObject{cancel, ok}, submit,
		func() {
			if !busy {
				m.d.Hide()
			}
		}, 600)
	u.win.Canvas().Focus(reason)
	e.correctDlg, e.correctOK = m, ok
}

// Papers of a meeting. Each makes its PDF from a copy of the meeting as the form shows it,
// saved or not, so that the attendance sheet can be printed before anything is approved.

func (e *meetingEditor) fileBase(kind string) string {
	code := e.cs.cell.Profile().Code
	m := e.m
	if m.Status == store.StatusApproved {
		n := m.Number
		if kind == "NQ" {
			n = m.ResolutionNumber
		}
		s := fmt.Sprintf("%s-%s-%02d-%d", code, kind, n, m.Date.Time().Year())
		if m.CorrectsID != "" {
			s += "-DC"
		}
		return s + ".pdf"
	}
	return fmt.Sprintf("%s-%s-NHAP-%s.pdf", code, kind, fileDate(m.Date.Time()))
}

func (e *meetingEditor) minutesPaper() paper {
	m, p := e.snapshot(), e.cs.cell.Profile()
	return paper{what: i18n.L("ui.paper.minutes"), file: e.fileBase("BB"),
		make: func(_ context.Context, w io.Writer) error { return documents.Minutes(w, p, m, documents.Options{}) }}
}

func (e *meetingEditor) resolutionPaper() paper {
	m, p := e.snapshot(), e.cs.cell.Profile()
	return paper{what: i18n.L("ui.paper.resolution"), file: e.fileBase("NQ"),
		make: func(_ context.Context, w io.Writer) error { return documents.Resolution(w, p, m, documents.Options{}) }}
}

func (e *meetingEditor) attendancePaper() paper {
	m, p := e.snapshot(), e.cs.cell.Profile()
	return paper{what: i18n.L("ui.paper.attendance"),
		file: fmt.Sprintf("%s-DIEMDANH-%s.pdf", p.Code, fileDate(m.Date.Time())),
		make: func(_ context.Context, w io.Writer) error {
			return documents.AttendanceSheet(w, p, m, documents.Options{})
		}}
}

// print prints a paper, with its button disabled meanwhile so that one press prints one copy.
func (e *meetingEditor) print(p paper, b *button) {
	if !e.loaded || b.Disabled() {
		return
	}
	b.Disable()
	e.ui.printPaper(p, b.Enable)
}

// askSavePDF asks which paper to save, then where.
func (e *meetingEditor) askSavePDF() {
	if !e.loaded {
		return
	}
	u := e.ui
	papers := []func() paper{e.minutesPaper, e.resolutionPaper, e.attendancePaper}
	names := []string{i18n.L("ui.paper.minutes_cap"), i18n.L("ui.paper.resolution_cap"), i18n.L("ui.paper.attendance_cap")}
	var m *modal
	var btns []fyne.CanvasObject
	for i, n := range names {
		i := i
		b := u.newButton(n, widget.MediumImportance, func() {
			m.d.Hide()
			u.savePaper(papers[i]())
		})
		b.Icon = theme.DocumentSaveIcon()
		b.Alignment = widget.ButtonAlignLeading
		btns = append(btns, b)
	}
	cancel := u.newButton(i18n.L("ui.cancel"), widget.MediumImportance, func() { m.d.Hide() })
	content := container.NewVBox(append([]fyne.CanvasObject{wrapped(i18n.L("ui.save_pdf.which"))}, btns...)...)
	m = u.showModal(i18n.L("ui.save_pdf.title"), content, []fyne.CanvasObject{cancel}, nil, func() { m.d.Hide() }, 520)
	u.win.Canvas().Focus(btns[0].(fyne.Focusable))
}

// readableDisabled is the theme of the form: the app's theme, except that in approved
// minutes disabled text is dark, because they are read in disabled fields and must be as easy
// to read as a draft. In a draft a disabled field (the reason of a member who is present)
// keeps looking disabled.
type readableDisabled struct{ e *meetingEditor }

// readOnlyText is the colour of text in the fields of approved minutes: nearly black.
var readOnlyText = color.NRGBA{R: 0x30, G: 0x30, B: 0x30, A: 0xff}

func (readableDisabled) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (r readableDisabled) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameDisabled && r.e.loaded && !r.e.editable {
		return readOnlyText
	}
	return r.base().Color(n, v)
}

func (r readableDisabled) Font(s fyne.TextStyle) fyne.Resource { return r.base().Font(s) }

func (r readableDisabled) Icon(n fyne.ThemeIconName) fyne.Resource { return r.base().Icon(n) }

func (r readableDisabled) Size(n fyne.ThemeSizeName) float32 { return r.base().Size(n) }
