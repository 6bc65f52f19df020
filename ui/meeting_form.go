package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"chibo/i18n"
	"chibo/rules"
	"chibo/store"
)

// Attendance statuses in the order of the three-way choice.
var attStatuses = []string{store.AttPresent, store.AttAbsentExcused, store.AttAbsentUnexcused}

// Task review statuses in the order of their select.
var reviewStatuses = []string{store.TaskDone, store.TaskInProgress, store.TaskOverdue, store.TaskOngoing}

// Resolution kinds in the order of their select.
var resolutionKinds = []string{rules.VoteGeneral, rules.VoteAdmission, rules.VoteOfficialStatus}

// Sections of the form, in order: the keys of their titles.
var formSections = []string{"general", "attendance", "items", "reviews", "tasks", "resolutions", "score", "next"}

// meetingForm is the body of the meeting editor. Widgets write into e.m as they change; the
// rows of guests, speeches, tasks and votes are built again from e.m when one is added,
// removed or moved.
type meetingForm struct {
	e *meetingEditor
	u *UI

	body         *fyne.Container
	sections     []*fyne.Container
	sectionNames []string

	kind                    *selectBox
	date, start, end, place *entry
	topic, fee              *entry
	duration                *widget.Label
	chair, secretary        *personSelect
	guestsBox, docsBox      *fyne.Container
	attBox                  *fyne.Container
	attRows                 []*attRow
	attSummary, totals      *widget.Label
	itemsBox, reviewsBox    *fyne.Container
	tasksBox, resBox        *fyne.Container
	scoreBox                *fyne.Container
	speakers                []*personSelect
	voteLines               []*voteLine
	taskPeople              []*widget.Label
	scoreLabels             map[string]*widget.Label
	scoreTotal              *widget.Label
	nextDate                *entry
	nextContent, notes      *entry
	rubric                  rules.Rubric
	assignDlg               *assignDialog // the last assignee dialog shown (tests)
}

// attRow is one member on the attendance list.
type attRow struct {
	name   string
	choice *choice
	reason *entry
}

// voteLine shows the outcome of one vote as it is typed.
type voteLine struct {
	result    *widget.Label
	problem   *widget.Label
	notNumber [3]bool // for, against, abstain: what was typed is not a number
}

// personSelect is a Select over people (members present, or guests) that keeps ids and names
// beside the labels it shows.
type personSelect struct {
	sel  *selectBox
	opts []personOpt
	get  func() (id, name string)
	set  func(id, name string)
}

type personOpt struct {
	label, id, name string
}

func (e *meetingEditor) newMeetingForm() *meetingForm {
	u := e.ui
	f := &meetingForm{e: e, u: u, scoreLabels: map[string]*widget.Label{}}
	for _, k := range formSections {
		f.sectionNames = append(f.sectionNames, i18n.L("ui.meeting.section."+k))
	}
	changed := func(set func(string)) func(string) {
		return func(s string) {
			set(s)
			e.changed()
		}
	}
	text := func(set func(string)) *entry {
		en := u.newEntry()
		en.OnChanged = changed(set)
		return en
	}
	multi := func(rows int, set func(string)) *entry {
		en := u.newMultiLineEntry()
		en.SetMinRowsVisible(rows)
		en.OnChanged = changed(set)
		return en
	}
	b := func() *store.MeetingBody { return &e.m.Body }

	f.kind = u.newSelect(kindNames(), func(string) {
		if i := f.kind.SelectedIndex(); i >= 0 {
			e.m.Kind = meetingKinds[i]
			e.changed()
		}
	})
	f.date = text(func(s string) {
		d := store.ParseDMY(s)
		if d.Valid() {
			e.m.Date = d
			e.fields["date"].setError("")
		} else {
			e.fields["date"].setError(i18n.L("ui.meeting.date_wrong"))
		}
	})
	f.date.PlaceHolder = i18n.L("ui.date.placeholder")
	f.start = text(func(s string) { b().Start = strings.TrimSpace(s) })
	f.start.PlaceHolder = i18n.L("ui.meeting.time_hint")
	f.end = text(func(s string) { b().End = strings.TrimSpace(s) })
	f.end.PlaceHolder = i18n.L("ui.meeting.time_hint")
	f.duration = &widget.Label{}
	f.place = text(func(s string) { b().Place = s })
	f.topic = multi(2, func(s string) { b().Topic = s })
	f.chair = f.newPersonSelect(func() (string, string) { return b().ChairID, b().ChairName },
		func(id, name string) { b().ChairID, b().ChairName = id, name })
	f.secretary = f.newPersonSelect(func() (string, string) { return b().SecretaryID, b().Secretary },
		func(id, name string) { b().SecretaryID, b().Secretary = id, name })
	f.guestsBox = container.NewVBox()
	f.docsBox = container.NewVBox()
	f.fee = multi(2, func(s string) { b().FeeReport = s })

	add := func(key string, input fyne.CanvasObject) *field {
		fl := newField(i18n.L("ui.meeting.field."+key), input)
		e.fields[key] = fl
		return fl
	}
	short := func(w float32, o fyne.CanvasObject) fyne.CanvasObject { return container.NewHBox(sizedEm(o, w)) }
	general := form(
		add("kind", short(16, f.kind)),
		add("date", short(9, f.date)),
		add("start", short(6, f.start)),
		add("end", container.NewHBox(sizedEm(f.end, 6), f.duration)),
		add("place", f.place),
		add("topic", f.topic),
		add("chair", short(20, f.chair.sel)),
		add("secretary", short(20, f.secretary.sel)),
		newField(i18n.L("ui.meeting.field.guests"), f.guestsBox),
		newField(i18n.L("ui.meeting.field.documents"), f.docsBox),
		newField(i18n.L("ui.meeting.field.fee_report"), f.fee),
	)

	f.attBox = container.NewVBox()
	f.attSummary = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
	f.totals = wrapped("")
	f.itemsBox = container.NewVBox()
	f.reviewsBox = container.NewVBox()
	f.tasksBox = container.NewVBox()
	f.resBox = container.NewVBox()
	f.scoreBox = container.NewVBox()
	f.scoreTotal = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
	f.nextDate = text(func(s string) { b().NextDate = store.ParseDMY(s) })
	f.nextDate.PlaceHolder = i18n.L("ui.date.placeholder")
	f.nextContent = multi(2, func(s string) { b().NextContent = s })
	f.notes = multi(3, func(s string) { b().Notes = s })

	sectionField := func(key string, box *fyne.Container) *widget.Label {
		fl := &field{label: &widget.Label{}, input: box, errMsg: errorLabel(), box: box}
		e.fields[key] = fl
		return fl.errMsg
	}
	attErr := sectionField("attendance", f.attBox)
	itemsErr := sectionField("items", f.itemsBox)
	tasksErr := sectionField("tasks", f.tasksBox)

	sec := func(i int, objs ...fyne.CanvasObject) *fyne.Container {
		c := container.NewVBox(append([]fyne.CanvasObject{subheading(f.sectionNames[i])}, objs...)...)
		f.sections = append(f.sections, c)
		return c
	}
	f.body = container.NewVBox(
		sec(0, general),
		sec(1, wrapped(i18n.L("ui.meeting.attendance_intro")), f.attSummary, attErr, f.attBox, f.totals),
		sec(2, wrapped(i18n.L("ui.meeting.items_intro")), itemsErr, f.itemsBox),
		sec(3, wrapped(i18n.L("ui.meeting.reviews_intro")), f.reviewsBox),
		sec(4, wrapped(i18n.L("ui.meeting.tasks_intro")), tasksErr, f.tasksBox),
		sec(5, wrapped(i18n.L("ui.meeting.resolutions_intro")), f.resBox),
		sec(6, wrapped(i18n.L("ui.meeting.score_intro")), f.scoreBox, f.scoreTotal),
		sec(7, form(
			newField(i18n.L("ui.meeting.field.next_date"), container.NewHBox(sizedEm(f.nextDate, 9))),
			newField(i18n.L("ui.meeting.field.next_content"), f.nextContent),
			newField(i18n.L("ui.meeting.field.notes"), f.notes),
		)),
	)
	for i, s := range f.sections {
		if i > 0 {
			s.Objects = append([]fyne.CanvasObject{widget.NewSeparator()}, s.Objects...)
		}
	}
	return f
}

// fill puts e.m into every widget and builds the rows.
func (f *meetingForm) fill() {
	e := f.e
	e.filling = true
	defer func() { e.filling = false }()
	m := &e.m
	if m.Body.Manual == nil {
		m.Body.Manual = map[string]float64{}
	}
	f.rubric = rules.RubricFor(m.Date)
	f.kind.SetSelectedIndex(kindIndex(m.Kind))
	f.date.SetText(m.Date.DMY())
	f.start.SetText(m.Body.Start)
	f.end.SetText(m.Body.End)
	f.place.SetText(m.Body.Place)
	f.topic.SetText(m.Body.Topic)
	f.fee.SetText(m.Body.FeeReport)
	f.nextDate.SetText(m.Body.NextDate.DMY())
	f.nextContent.SetText(m.Body.NextContent)
	f.notes.SetText(m.Body.Notes)
	f.buildAttendance()
	f.buildGuests()
	f.buildDocs()
	f.buildItems()
	f.buildReviews()
	f.buildTasks()
	f.buildResolutions()
	f.buildScore()
	f.peopleChanged()
	f.recompute()
	f.applyEditable()
}

// applyEditable disables every field of approved minutes and hides the buttons that add,
// remove or move rows.
func (f *meetingForm) applyEditable() {
	if f.e.editable {
		return
	}
	walk(f.body, func(o fyne.CanvasObject) {
		if b, ok := o.(*button); ok && b.editOnly {
			b.Hide()
			return
		}
		if d, ok := o.(fyne.Disableable); ok {
			d.Disable()
		}
	})
}

// walk calls fn on o and everything in the containers under it.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case *container.Scroll:
		walk(x.Content, fn)
	case *container.ThemeOverride:
		walk(x.Content, fn)
	}
}

// rebuilt finishes a rebuild of rows: read-only when approved, laid out again.
func (f *meetingForm) rebuilt(box *fyne.Container) {
	f.applyEditable()
	box.Refresh()
	f.body.Refresh()
}

// editButton is a button that adds, removes or moves rows: approved minutes do not show it.
func (f *meetingForm) editButton(key string, icon fyne.Resource, tapped func()) *button {
	b := f.u.newButton(i18n.L(key), widget.MediumImportance, tapped)
	b.Icon = icon
	b.editOnly = true
	return b
}

// removeButton is a row's "Xóa" button: Space does not press it, and a row that holds
// something typed is removed only after asking.
func (f *meetingForm) removeButton(hasText func() bool, remove func()) *button {
	b := f.editButton("ui.meeting.remove", theme.DeleteIcon(), func() {
		if !hasText() {
			remove()
			return
		}
		f.u.confirm(i18n.L("ui.meeting.remove_row_title"), i18n.L("ui.meeting.remove_row_message"),
			i18n.L("ui.meeting.remove_row_keep"), i18n.L("ui.meeting.remove"), remove)
	})
	b.noSpace = true
	return b
}

// filled reports whether any of the texts has something other than spaces.
func filled(texts ...string) bool {
	for _, t := range texts {
		if strings.TrimSpace(t) != "" {
			return true
		}
	}
	return false
}

// structural runs a change that adds, removes or moves rows: the model changes, the rows are
// built again, and the draft is due for saving.
func (f *meetingForm) structural(change func(), rebuild ...func()) {
	change()
	f.e.filling = true
	for _, r := range rebuild {
		r()
	}
	f.peopleChanged()
	f.e.filling = false
	f.e.changed()
	f.recompute()
}

// --- people ---

// present lists the members marked present, as options for a select.
func (f *meetingForm) present() []personOpt {
	var out []personOpt
	seen := map[string]int{}
	for _, a := range f.e.m.Body.Attendance {
		if a.Status != store.AttPresent {
			continue
		}
		label := a.Name
		seen[a.Name]++
		if n := seen[a.Name]; n > 1 {
			label += " (" + strconv.Itoa(n) + ")"
		}
		out = append(out, personOpt{label: label, id: a.MemberID, name: a.Name})
	}
	return out
}

func (f *meetingForm) newPersonSelect(get func() (string, string), set func(id, name string)) *personSelect {
	ps := &personSelect{get: get, set: set}
	ps.sel = f.u.newSelect(nil, func(string) {
		i := ps.sel.SelectedIndex()
		if i < 0 || i >= len(ps.opts) {
			return
		}
		o := ps.opts[i]
		ps.set(o.id, o.name)
		f.e.changed()
	})
	return ps
}

// setOptions offers opts, keeping the current person (one who is now absent, or a name typed
// before) as a last option so that it does not silently vanish.
func (ps *personSelect) setOptions(opts []personOpt) {
	id, name := ps.get()
	cur := -1
	for i, o := range opts {
		if (id != "" && o.id == id) || (id == "" && name != "" && o.id == "" && o.name == name) {
			cur = i
		}
	}
	if cur < 0 && name != "" {
		opts = append(opts, personOpt{label: name, id: id, name: name})
		cur = len(opts) - 1
	}
	ps.opts = opts
	labels := make([]string, len(opts))
	for i, o := range opts {
		labels[i] = o.label
	}
	ps.sel.Options = labels
	if cur >= 0 {
		ps.sel.SetSelectedIndex(cur)
	} else {
		ps.sel.ClearSelected()
	}
	ps.sel.Refresh()
}

// peopleChanged offers the members now present to the chair, secretary and speaker selects.
func (f *meetingForm) peopleChanged() {
	e := f.e
	was := e.filling
	e.filling = true
	defer func() { e.filling = was }()
	present := f.present()
	f.chair.setOptions(present)
	f.secretary.setOptions(present)
	speakers := append([]personOpt(nil), present...)
	for _, g := range e.m.Body.Guests {
		if strings.TrimSpace(g.Name) == "" {
			continue
		}
		speakers = append(speakers, personOpt{label: i18n.L("ui.meeting.guest_label", map[string]any{"Name": g.Name}), name: g.Name})
	}
	for _, ps := range f.speakers {
		ps.setOptions(append([]personOpt(nil), speakers...))
	}
}

// --- attendance ---

// attendanceMarker is what sets a member apart on the list: probationary (does not vote),
// exempted, away on temporary activity, attached temporarily, suspended.
func attendanceMarker(a store.Attendance) string {
	var parts []string
	if a.State == store.StateProbationary {
		parts = append(parts, i18n.L("state."+a.State))
	}
	for _, fl := range a.Flags {
		parts = append(parts, i18n.L("flag."+fl))
	}
	return strings.Join(parts, " · ")
}

func (f *meetingForm) buildAttendance() {
	e, u := f.e, f.u
	att := e.m.Body.Attendance
	f.attRows = nil
	objs := make([]fyne.CanvasObject, 0, len(att))
	options := []string{i18n.L("ui.meeting.att.present"), i18n.L("ui.meeting.att.excused"), i18n.L("ui.meeting.att.unexcused")}
	for i, a := range att {
		i := i
		r := &attRow{name: a.Name}
		r.reason = u.newEntry()
		r.reason.PlaceHolder = i18n.L("ui.meeting.att.reason")
		r.reason.SetText(a.Reason)
		r.reason.OnChanged = func(s string) {
			if i < len(e.m.Body.Attendance) {
				e.m.Body.Attendance[i].Reason = s
				e.changed()
			}
		}
		r.choice = u.newChoice(options, func(k int) {
			if i >= len(e.m.Body.Attendance) {
				return
			}
			a := &e.m.Body.Attendance[i]
			a.Status = attStatuses[k]
			if a.Status == store.AttAbsentExcused {
				r.reason.Enable()
				a.Reason = r.reason.Text
			} else {
				r.reason.Disable()
				a.Reason = ""
			}
			f.peopleChanged()
			e.changed()
		})
		sel := -1
		for k, st := range attStatuses {
			if st == a.Status {
				sel = k
			}
		}
		r.choice.SetSelected(sel)
		if a.Status != store.AttAbsentExcused {
			r.reason.Disable()
		}
		f.attRows = append(f.attRows, r)
		num := &widget.Label{Text: strconv.Itoa(i+1) + "."}
		name := &widget.Label{Text: a.Name, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
		who := rowBox(name)
		if mk := attendanceMarker(a); mk != "" {
			who.Add(&widget.Label{Text: mk, SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis})
		}
		objs = append(objs, container.New(columns{2.5, 16, 0, -1}, num, who, r.choice, r.reason))
	}
	f.attBox.Objects = objs
	f.rebuilt(f.attBox)
}

// refusedAttendance is the field of the first member the store's refusal names: her reason,
// or her choice.
func (f *meetingForm) refusedAttendance(ve *store.ValidationError) fyne.Focusable {
	for _, fe := range ve.Fields {
		if fe.Field != "attendance" {
			continue
		}
		name, _ := fe.Args["Name"].(string)
		for _, r := range f.attRows {
			if r.name != name {
				continue
			}
			if !r.reason.Disabled() {
				return r.reason
			}
			return r.choice
		}
	}
	return nil
}

// attendees is the attendance list as the rules read it.
func (f *meetingForm) attendees() []rules.Attendee {
	att := f.e.m.Body.Attendance
	out := make([]rules.Attendee, len(att))
	for i, a := range att {
		out[i] = rules.Attendee{MemberID: a.MemberID, Name: a.Name, State: a.State, Flags: a.Flags, Status: a.Status, Reason: a.Reason}
	}
	return out
}

// --- guests and documents ---

func (f *meetingForm) buildGuests() {
	e, u := f.e, f.u
	var objs []fyne.CanvasObject
	for i, g := range e.m.Body.Guests {
		i := i
		name, pos := u.newEntry(), u.newEntry()
		name.PlaceHolder = i18n.L("ui.meeting.guest_name")
		pos.PlaceHolder = i18n.L("ui.meeting.guest_position")
		name.SetText(g.Name)
		pos.SetText(g.Position)
		name.OnChanged = func(s string) {
			if i < len(e.m.Body.Guests) {
				e.m.Body.Guests[i].Name = s
				f.peopleChanged()
				e.changed()
			}
		}
		pos.OnChanged = func(s string) {
			if i < len(e.m.Body.Guests) {
				e.m.Body.Guests[i].Position = s
				e.changed()
			}
		}
		del := f.removeButton(func() bool { return filled(name.Text, pos.Text) }, func() {
			f.structural(func() { e.m.Body.Guests = removeAt(e.m.Body.Guests, i) }, f.buildGuests, f.buildItems)
		})
		objs = append(objs, container.New(columns{-1, -1, 0}, name, pos, del))
	}
	addBtn := f.editButton("ui.meeting.add_guest", theme.ContentAddIcon(), func() {
		f.structural(func() { e.m.Body.Guests = append(e.m.Body.Guests, store.Guest{}) }, f.buildGuests)
		f.focusLast(f.guestsBox)
	})
	objs = append(objs, container.NewHBox(addBtn))
	f.guestsBox.Objects = objs
	f.rebuilt(f.guestsBox)
}

func (f *meetingForm) buildDocs() {
	e, u := f.e, f.u
	var objs []fyne.CanvasObject
	for i, d := range e.m.Body.Documents {
		i := i
		en := u.newEntry()
		en.PlaceHolder = i18n.L("ui.meeting.document_hint")
		en.SetText(d)
		en.OnChanged = func(s string) {
			if i < len(e.m.Body.Documents) {
				e.m.Body.Documents[i] = s
				e.changed()
			}
		}
		del := f.removeButton(func() bool { return filled(en.Text) }, func() {
			f.structural(func() { e.m.Body.Documents = removeAt(e.m.Body.Documents, i) }, f.buildDocs)
		})
		objs = append(objs, container.New(columns{-1, 0}, en, del))
	}
	addBtn := f.editButton("ui.meeting.add_document", theme.ContentAddIcon(), func() {
		f.structural(func() { e.m.Body.Documents = append(e.m.Body.Documents, "") }, f.buildDocs)
		f.focusLast(f.docsBox)
	})
	objs = append(objs, container.NewHBox(addBtn))
	f.docsBox.Objects = objs
	f.rebuilt(f.docsBox)
}

// focusLast gives the focus to the first field of the last row of box (the row just added).
func (f *meetingForm) focusLast(box *fyne.Container) {
	if n := len(box.Objects); n >= 2 {
		if fo := firstFocusable(box.Objects[n-2]); fo != nil {
			f.u.win.Canvas().Focus(fo)
		}
	}
}

// --- agenda items and speeches ---

func (f *meetingForm) buildItems() {
	e, u := f.e, f.u
	f.speakers = nil
	var objs []fyne.CanvasObject
	items := e.m.Body.Items
	for i, it := range items {
		i := i
		title := u.newEntry()
		title.PlaceHolder = i18n.L("ui.meeting.item_title_hint")
		title.SetText(it.Title)
		title.OnChanged = func(s string) {
			if i < len(e.m.Body.Items) {
				e.m.Body.Items[i].Title = s
				e.changed()
			}
		}
		var speeches []fyne.CanvasObject
		for j, sp := range it.Speeches {
			j := j
			ps := f.newPersonSelect(func() (string, string) {
				s := e.m.Body.Items[i].Speeches[j]
				return s.SpeakerID, s.Speaker
			}, func(id, name string) {
				s := &e.m.Body.Items[i].Speeches[j]
				s.SpeakerID, s.Speaker = id, name
			})
			ps.sel.PlaceHolder = i18n.L("ui.meeting.speaker_hint")
			f.speakers = append(f.speakers, ps)
			txt := u.newMultiLineEntry()
			txt.SetMinRowsVisible(2)
			txt.PlaceHolder = i18n.L("ui.meeting.speech_hint")
			txt.SetText(sp.Text)
			txt.OnChanged = func(s string) {
				if i < len(e.m.Body.Items) && j < len(e.m.Body.Items[i].Speeches) {
					e.m.Body.Items[i].Speeches[j].Text = s
					e.changed()
				}
			}
			del := f.removeButton(func() bool { return filled(txt.Text) }, func() {
				f.structural(func() { e.m.Body.Items[i].Speeches = removeAt(e.m.Body.Items[i].Speeches, j) }, f.buildItems)
			})
			speeches = append(speeches, container.New(columns{17, -1, 0}, ps.sel, txt, del))
		}
		addSpeech := f.editButton("ui.meeting.add_speech", theme.ContentAddIcon(), func() {
			f.structural(func() { e.m.Body.Items[i].Speeches = append(e.m.Body.Items[i].Speeches, store.Speech{}) }, f.buildItems)
			// The focus goes to the new speech's speaker: the last select in this item.
			box := f.itemsBox.Objects[i].(*fyne.Container)
			var last *selectBox
			for _, ps := range f.speakers {
				if contains(box, ps.sel) {
					last = ps.sel
				}
			}
			if last != nil {
				f.u.win.Canvas().Focus(last)
			}
		})
		speeches = append(speeches, container.NewHBox(addSpeech))
		concl := u.newMultiLineEntry()
		concl.SetMinRowsVisible(2)
		concl.SetText(it.Conclusion)
		concl.OnChanged = func(s string) {
			if i < len(e.m.Body.Items) {
				e.m.Body.Items[i].Conclusion = s
				e.changed()
			}
		}
		up := f.editButton("ui.meeting.move_up", theme.MoveUpIcon(), func() {
			if i > 0 {
				f.structural(func() { swap(e.m.Body.Items, i, i-1) }, f.buildItems)
				f.focusItemButton(i-1, 0)
			}
		})
		down := f.editButton("ui.meeting.move_down", theme.MoveDownIcon(), func() {
			if i < len(e.m.Body.Items)-1 {
				f.structural(func() { swap(e.m.Body.Items, i, i+1) }, f.buildItems)
				f.focusItemButton(i+1, 1)
			}
		})
		if i == 0 {
			up.Disable()
		}
		if i == len(items)-1 {
			down.Disable()
		}
		del := f.editButton("ui.meeting.remove_item", theme.DeleteIcon(), func() {
			f.u.confirm(i18n.L("ui.meeting.remove_item_title"), i18n.L("ui.meeting.remove_item_message", map[string]any{"N": i + 1}),
				i18n.L("ui.cancel"), i18n.L("ui.meeting.remove_item"), func() {
					f.structural(func() { e.m.Body.Items = removeAt(e.m.Body.Items, i) }, f.buildItems)
				})
		})
		del.noSpace = true
		card := container.NewVBox(
			widget.NewSeparator(),
			&widget.Label{Text: i18n.L("ui.meeting.item_n", map[string]any{"N": i + 1}), TextStyle: fyne.TextStyle{Bold: true}},
			form(
				newField(i18n.L("ui.meeting.item_title"), title),
				newField(i18n.L("ui.meeting.speeches"), container.NewVBox(speeches...)),
				newField(i18n.L("ui.meeting.conclusion"), concl),
			),
			container.NewHBox(up, down, layout.NewSpacer(), del),
		)
		objs = append(objs, card)
	}
	addBtn := f.editButton("ui.meeting.add_item", theme.ContentAddIcon(), func() {
		f.structural(func() { e.m.Body.Items = append(e.m.Body.Items, store.AgendaItem{Speeches: []store.Speech{}}) }, f.buildItems)
		f.focusLast(f.itemsBox)
	})
	objs = append(objs, container.NewHBox(addBtn))
	f.itemsBox.Objects = objs
	f.rebuilt(f.itemsBox)
}

// focusItemButton gives the focus to item i's up (0) or down (1) button after a move, so
// that pressing Enter again moves it further.
func (f *meetingForm) focusItemButton(i, which int) {
	if i >= len(f.itemsBox.Objects)-1 {
		return
	}
	card := f.itemsBox.Objects[i].(*fyne.Container)
	row := card.Objects[len(card.Objects)-1].(*fyne.Container)
	b := row.Objects[which].(*button)
	if b.Disabled() {
		b = row.Objects[1-which].(*button)
	}
	f.u.win.Canvas().Focus(b)
}

// --- last month's tasks ---

func (f *meetingForm) buildReviews() {
	e, u := f.e, f.u
	var objs []fyne.CanvasObject
	statusNames := make([]string, len(reviewStatuses))
	for i, s := range reviewStatuses {
		statusNames[i] = i18n.L("ui.meeting.review." + s)
	}
	for i, r := range e.m.Body.Reviews {
		i := i
		desc := u.newEntry()
		desc.PlaceHolder = i18n.L("ui.meeting.review_desc_hint")
		desc.SetText(r.Description)
		desc.OnChanged = func(s string) {
			if i < len(e.m.Body.Reviews) {
				e.m.Body.Reviews[i].Description = s
				e.changed()
			}
		}
		status := u.newSelect(statusNames, nil)
		for k, s := range reviewStatuses {
			if s == r.Status {
				status.SetSelectedIndex(k)
			}
		}
		status.OnChanged = func(string) {
			if k := status.SelectedIndex(); k >= 0 && i < len(e.m.Body.Reviews) {
				e.m.Body.Reviews[i].Status = reviewStatuses[k]
				e.changed()
			}
		}
		result := u.newEntry()
		result.PlaceHolder = i18n.L("ui.meeting.review_result_hint")
		result.SetText(r.Result)
		result.OnChanged = func(s string) {
			if i < len(e.m.Body.Reviews) {
				e.m.Body.Reviews[i].Result = s
				e.changed()
			}
		}
		del := f.removeButton(func() bool { return filled(desc.Text, result.Text) }, func() {
			f.structural(func() { e.m.Body.Reviews = removeAt(e.m.Body.Reviews, i) }, f.buildReviews)
		})
		num := &widget.Label{Text: strconv.Itoa(i+1) + ".", TextStyle: fyne.TextStyle{Bold: true}}
		objs = append(objs,
			container.New(columns{2.5, -1}, num, desc),
			container.New(columns{2.5, 14, -1, 0}, layout.NewSpacer(), status, result, del))
	}
	if len(objs) == 0 {
		objs = append(objs, wrapped(i18n.L("ui.meeting.no_reviews")))
	}
	addBtn := f.editButton("ui.meeting.add_review", theme.ContentAddIcon(), func() {
		f.structural(func() { e.m.Body.Reviews = append(e.m.Body.Reviews, store.TaskReview{}) }, f.buildReviews)
		if n := len(f.reviewsBox.Objects); n >= 3 {
			if fo := firstFocusable(f.reviewsBox.Objects[n-3]); fo != nil {
				f.u.win.Canvas().Focus(fo)
			}
		}
	})
	objs = append(objs, container.NewHBox(addBtn))
	f.reviewsBox.Objects = objs
	f.rebuilt(f.reviewsBox)
}

// --- new tasks ---

func (f *meetingForm) buildTasks() {
	e, u := f.e, f.u
	f.taskPeople = nil
	var objs []fyne.CanvasObject
	for i, t := range e.m.Body.Tasks {
		i := i
		desc := u.newEntry()
		desc.PlaceHolder = i18n.L("ui.meeting.task_hint")
		desc.SetText(t.Description)
		desc.OnChanged = func(s string) {
			if i < len(e.m.Body.Tasks) {
				e.m.Body.Tasks[i].Description = s
				e.changed()
			}
		}
		who := &widget.Label{Wrapping: fyne.TextWrapWord}
		f.taskPeople = append(f.taskPeople, who)
		setAssignees(who, t.Assignees)
		choose := f.editButton("ui.meeting.choose_people", theme.AccountIcon(), func() { f.showAssign(i) })
		deadline := u.newEntry()
		deadline.PlaceHolder = i18n.L("ui.date.placeholder")
		deadline.SetText(t.Deadline.DMY())
		deadline.OnChanged = func(s string) {
			if i < len(e.m.Body.Tasks) {
				e.m.Body.Tasks[i].Deadline = store.ParseDMY(s)
				e.changed()
			}
		}
		del := f.removeButton(func() bool { return filled(desc.Text) }, func() {
			f.structural(func() { e.m.Body.Tasks = removeAt(e.m.Body.Tasks, i) }, f.buildTasks)
		})
		num := &widget.Label{Text: strconv.Itoa(i+1) + ".", TextStyle: fyne.TextStyle{Bold: true}}
		objs = append(objs,
			container.New(columns{2.5, -1}, num, desc),
			container.New(columns{2.5, -1, 0, 0, 9, 0}, layout.NewSpacer(), who, choose,
				&widget.Label{Text: i18n.L("ui.meeting.deadline")}, deadline, del))
	}
	addBtn := f.editButton("ui.meeting.add_task", theme.ContentAddIcon(), func() {
		f.structural(func() {
			e.m.Body.Tasks = append(e.m.Body.Tasks, store.Task{ID: uuid.NewString(), AssigneeIDs: []string{}, Assignees: []string{}})
		}, f.buildTasks)
		if n := len(f.tasksBox.Objects); n >= 3 {
			if fo := firstFocusable(f.tasksBox.Objects[n-3]); fo != nil {
				f.u.win.Canvas().Focus(fo)
			}
		}
	})
	objs = append(objs, container.NewHBox(addBtn))
	f.tasksBox.Objects = objs
	f.rebuilt(f.tasksBox)
}

func setAssignees(l *widget.Label, names []string) {
	if len(names) == 0 {
		l.SetText(i18n.L("ui.meeting.nobody_yet"))
		l.Importance = widget.WarningImportance
	} else {
		l.SetText(i18n.L("ui.meeting.assignees", map[string]any{"Names": strings.Join(names, ", ")}))
		l.Importance = widget.MediumImportance
	}
	l.Refresh()
}

// assignDialog chooses who carries out a task among the members present.
type assignDialog struct {
	checks []*check
	opts   []personOpt
	m      *modal
	ok     *button
}

func (f *meetingForm) showAssign(i int) {
	e, u := f.e, f.u
	if i >= len(e.m.Body.Tasks) {
		return
	}
	t := e.m.Body.Tasks[i]
	chosen := map[string]bool{}
	for _, id := range t.AssigneeIDs {
		chosen[id] = true
	}
	opts := f.present()
	// Someone chosen before who is now marked absent stays on offer, ticked.
	for k, id := range t.AssigneeIDs {
		found := false
		for _, o := range opts {
			found = found || o.id == id
		}
		if !found && k < len(t.Assignees) {
			opts = append(opts, personOpt{label: t.Assignees[k], id: id, name: t.Assignees[k]})
		}
	}
	d := &assignDialog{opts: opts}
	grid := container.NewGridWithColumns(3)
	for _, o := range opts {
		c := u.newCheck(o.label, nil)
		c.SetChecked(chosen[o.id])
		d.checks = append(d.checks, c)
		grid.Add(c)
	}
	submit := func() {
		if i >= len(e.m.Body.Tasks) {
			d.m.d.Hide()
			return
		}
		ids, names := []string{}, []string{}
		for k, c := range d.checks {
			if c.Checked {
				ids = append(ids, d.opts[k].id)
				names = append(names, d.opts[k].name)
			}
		}
		e.m.Body.Tasks[i].AssigneeIDs, e.m.Body.Tasks[i].Assignees = ids, names
		if i < len(f.taskPeople) {
			setAssignees(f.taskPeople[i], names)
		}
		d.m.d.Hide()
		f.body.Refresh()
		e.changed()
	}
	cancel := u.newButton(i18n.L("ui.cancel"), widget.MediumImportance, func() { d.m.d.Hide() })
	d.ok = u.newButton(i18n.L("ui.meeting.assign_ok"), widget.HighImportance, submit)
	var body fyne.CanvasObject = grid
	if len(opts) == 0 {
		body = wrapped(i18n.L("ui.meeting.nobody_present"))
	}
	content := container.NewVBox(wrapped(i18n.L("ui.meeting.assign_intro")), body)
	d.m = u.showModal(i18n.L("ui.meeting.assign_title"), content, []fyne.CanvasObject{cancel, d.ok}, submit,
		func() { d.m.d.Hide() }, 900)
	if len(d.checks) > 0 {
		u.win.Canvas().Focus(d.checks[0])
	}
	f.assignDlg = d
}

// --- votes ---

func (f *meetingForm) buildResolutions() {
	e, u := f.e, f.u
	f.voteLines = nil
	kindNames := make([]string, len(resolutionKinds))
	for i, k := range resolutionKinds {
		kindNames[i] = i18n.L("ui.meeting.vote_kind." + k)
	}
	var objs []fyne.CanvasObject
	for i, r := range e.m.Body.Resolutions {
		i := i
		kind := u.newSelect(kindNames, nil)
		for k, s := range resolutionKinds {
			if s == r.Kind {
				kind.SetSelectedIndex(k)
			}
		}
		kind.OnChanged = func(string) {
			if k := kind.SelectedIndex(); k >= 0 && i < len(e.m.Body.Resolutions) {
				e.m.Body.Resolutions[i].Kind = resolutionKinds[k]
				e.changed()
			}
		}
		text := u.newMultiLineEntry()
		text.SetMinRowsVisible(2)
		text.PlaceHolder = i18n.L("ui.meeting.resolution_hint")
		text.SetText(r.Text)
		text.OnChanged = func(s string) {
			if i < len(e.m.Body.Resolutions) {
				e.m.Body.Resolutions[i].Text = s
				e.changed()
			}
		}
		vl := &voteLine{result: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}, problem: errorLabel()}
		f.voteLines = append(f.voteLines, vl)
		// A count that is not a number is not kept (the last number stays in the draft) and
		// is named under the vote until it is put right.
		count := func(k int, v int, set func(*store.Resolution, int)) *entry {
			en := u.newEntry()
			if v != 0 {
				en.SetText(strconv.Itoa(v))
			}
			en.OnChanged = func(s string) {
				if i >= len(e.m.Body.Resolutions) {
					return
				}
				s = strings.TrimSpace(s)
				n, err := strconv.Atoi(s)
				vl.notNumber[k] = err != nil && s != ""
				if s == "" {
					n, err = 0, nil
				}
				if err == nil {
					set(&e.m.Body.Resolutions[i], n)
				}
				e.changed()
				f.recompute()
			}
			return en
		}
		forE := count(0, r.For, func(r *store.Resolution, n int) { r.For = n })
		againstE := count(1, r.Against, func(r *store.Resolution, n int) { r.Against = n })
		abstainE := count(2, r.Abstain, func(r *store.Resolution, n int) { r.Abstain = n })
		del := f.removeButton(func() bool { return filled(text.Text) }, func() {
			f.structural(func() { e.m.Body.Resolutions = removeAt(e.m.Body.Resolutions, i) }, f.buildResolutions)
		})
		num := &widget.Label{Text: strconv.Itoa(i+1) + ".", TextStyle: fyne.TextStyle{Bold: true}}
		votes := container.NewHBox(
			&widget.Label{Text: i18n.L("ui.meeting.vote_for")}, sizedEm(forE, 4),
			&widget.Label{Text: i18n.L("ui.meeting.vote_against")}, sizedEm(againstE, 4),
			&widget.Label{Text: i18n.L("ui.meeting.vote_abstain")}, sizedEm(abstainE, 4),
		)
		objs = append(objs,
			container.New(columns{2.5, 24}, num, kind),
			container.New(columns{2.5, -1}, layout.NewSpacer(), text),
			container.New(columns{2.5, -1, 0}, layout.NewSpacer(), votes, del),
			container.New(columns{2.5, -1}, layout.NewSpacer(), container.NewVBox(vl.result, vl.problem)),
		)
	}
	addBtn := f.editButton("ui.meeting.add_resolution", theme.ContentAddIcon(), func() {
		f.structural(func() {
			e.m.Body.Resolutions = append(e.m.Body.Resolutions, store.Resolution{Kind: rules.VoteGeneral})
		}, f.buildResolutions)
		if n := len(f.resBox.Objects); n >= 5 {
			if fo := firstFocusable(f.resBox.Objects[n-5]); fo != nil {
				f.u.win.Canvas().Focus(fo)
			}
		}
	})
	objs = append(objs, container.NewHBox(addBtn))
	f.resBox.Objects = objs
	f.rebuilt(f.resBox)
}

// voteText is the line under a vote: "12/13 đồng chí tán thành, đạt 92,31% — Thông qua".
func voteText(r rules.VoteResult) string {
	verdict := i18n.L("ui.meeting.vote_failed")
	if r.Passed {
		verdict = i18n.L("ui.meeting.vote_passed")
	}
	return i18n.L("ui.meeting.vote_line", map[string]any{
		"For": r.For, "Base": r.Base, "Percent": rules.FormatPercent(r.Percent), "Verdict": verdict})
}

// --- score ---

func (f *meetingForm) buildScore() {
	e, u := f.e, f.u
	f.scoreLabels = map[string]*widget.Label{}
	var objs []fyne.CanvasObject
	for _, c := range f.rubric.Criteria {
		c := c
		name := &widget.Label{Text: i18n.L("ui.score." + c.Key), Wrapping: fyne.TextWrapWord}
		most := &widget.Label{Text: i18n.L("ui.score.max", map[string]any{"Max": formatPoints(c.Max)})}
		note := &widget.Label{Wrapping: fyne.TextWrapWord}
		f.scoreLabels[c.Key] = note
		var pts fyne.CanvasObject
		if c.Auto != "" {
			l := &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
			f.scoreLabels[c.Key+".points"] = l
			pts = l
		} else {
			en := u.newEntry()
			if v, ok := e.m.Body.Manual[c.Key]; ok {
				en.SetText(formatPoints(v))
			}
			en.OnChanged = func(s string) {
				s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
				if s == "" {
					delete(e.m.Body.Manual, c.Key)
					note.SetText("")
				} else if v, err := strconv.ParseFloat(s, 64); err == nil && v >= 0 && v <= c.Max {
					e.m.Body.Manual[c.Key] = v
					note.SetText("")
				} else {
					note.SetText(i18n.L("ui.score.bad_points", map[string]any{"Max": formatPoints(c.Max)}))
				}
				e.changed()
			}
			pts = en
		}
		objs = append(objs, container.New(columns{18, 7, 6, -1}, name, most, pts, note))
	}
	f.scoreBox.Objects = objs
	f.rebuilt(f.scoreBox)
}

// formatPoints writes points the Vietnamese way: "4", "4,5".
func formatPoints(p float64) string {
	return strings.Replace(strconv.FormatFloat(p, 'f', -1, 64), ".", ",", 1)
}

// --- what is computed ---

// recompute updates what follows from what was typed: the attendance totals, the duration,
// each vote's outcome and the score.
func (f *meetingForm) recompute() {
	m := &f.e.m
	t := rules.AttendanceTotals(f.attendees())
	f.attSummary.SetText(i18n.L("ui.meeting.att_summary", map[string]any{
		"Present": t.Present, "Summoned": t.Summoned, "Excused": t.AbsentExcused, "Unexcused": t.AbsentUnexcused}))
	f.totals.SetText(strings.Join([]string{
		i18n.L("ui.meeting.totals.members", map[string]any{"Total": t.Total, "Official": t.Official,
			"Probationary": t.Probationary, "Exempted": t.Exempted, "TempAway": t.TempAway, "Temporary": t.Temporary}),
		i18n.L("ui.meeting.totals.present", map[string]any{"Present": t.Present, "Summoned": t.Summoned,
			"PresentOfficial": t.PresentOfficial, "PresentProbationary": t.PresentProbationary,
			"PresentTemporary": t.PresentTemporary, "AbsentExcused": t.AbsentExcused, "AbsentUnexcused": t.AbsentUnexcused}),
		i18n.L("ui.meeting.totals.base", map[string]any{"VoteBase": t.VoteBase}),
	}, "\n"))

	for i, vl := range f.voteLines {
		if i >= len(m.Body.Resolutions) {
			break
		}
		r := m.Body.Resolutions[i]
		res := rules.CountVote(r.Kind, r.For, r.Against, r.Abstain, t.VoteBase)
		need := i18n.L("ui.meeting.vote_need_half")
		if r.Kind == rules.VoteAdmission || r.Kind == rules.VoteOfficialStatus {
			need = i18n.L("ui.meeting.vote_need_two_thirds")
		}
		notNumber := vl.notNumber[0] || vl.notNumber[1] || vl.notNumber[2]
		if res.Problem != "" || notNumber {
			vl.result.SetText(need)
			vl.result.Importance = widget.MediumImportance
			key := res.Problem
			if notNumber {
				key = "ui.meeting.vote_not_number"
			}
			setShown(vl.problem, i18n.FieldSentence(i18n.Current(), store.FieldError{Key: key}))
		} else {
			vl.result.SetText(voteText(res) + "  (" + need + ")")
			vl.result.Importance = widget.DangerImportance
			if res.Passed {
				vl.result.Importance = widget.SuccessImportance
			}
			setShown(vl.problem, "")
		}
		vl.result.Refresh()
	}

	mins := rules.MinutesHeld(m.Body.Start, m.Body.End)
	sc := rules.ScoreMeeting(f.rubric, rules.ScoreInputOf(*m, t))
	if mins >= 0 {
		f.duration.SetText(i18n.L("ui.meeting.duration", map[string]any{"Minutes": mins, "Required": sc.Required}))
	} else {
		f.duration.SetText("")
	}
	for _, l := range sc.Lines {
		if l.Auto == "" {
			continue
		}
		if pl := f.scoreLabels[l.Key+".points"]; pl != nil {
			pl.SetText(formatPoints(l.Points))
		}
		note := f.scoreLabels[l.Key]
		if note == nil {
			continue
		}
		switch l.Auto {
		case rules.AutoAttendance:
			note.SetText(i18n.L("ui.score.auto_attendance", map[string]any{"Percent": rules.FormatPercent(sc.AttendanceRate)}))
		case rules.AutoSpeakers:
			note.SetText(i18n.L("ui.score.auto_speakers", map[string]any{"Speakers": rules.Speakers(*m), "Present": t.Present,
				"Percent": rules.FormatPercent(sc.SpeakerShare)}))
		case rules.AutoDuration:
			if mins >= 0 {
				note.SetText(i18n.L("ui.score.auto_duration", map[string]any{"Minutes": mins, "Required": sc.Required}))
			} else {
				note.SetText(i18n.L("ui.score.auto_duration_missing"))
			}
		}
	}
	f.scoreTotal.SetText(i18n.L("ui.score.total", map[string]any{
		"Total": formatPoints(sc.Total), "Rating": i18n.L("ui.score.rating." + sc.Rating)}))
}

// --- helpers ---

func removeAt[T any](s []T, i int) []T {
	if i < 0 || i >= len(s) {
		return s
	}
	return append(s[:i:i], s[i+1:]...)
}

func swap[T any](s []T, i, j int) {
	if i >= 0 && j >= 0 && i < len(s) && j < len(s) {
		s[i], s[j] = s[j], s[i]
	}
}

// columns lays its objects out in one row, top-aligned, in the order given (which is the Tab order). A
// positive width is in units of the text size, so that the columns grow with larger text; 0
// is the object's own width; -1 shares what is left with the other -1 columns.
type columns []float32

func (c columns) width(i int, o fyne.CanvasObject) float32 {
	switch {
	case i >= len(c) || c[i] == 0:
		return o.MinSize().Width
	case c[i] > 0:
		return c[i] * theme.TextSize()
	}
	return 0
}

func (c columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		ms := o.MinSize()
		if i < len(c) && c[i] < 0 {
			w += ms.Width
		} else {
			w += c.width(i, o)
		}
		h = max(h, ms.Height)
	}
	if len(objs) > 1 {
		w += theme.Padding() * float32(len(objs)-1)
	}
	return fyne.NewSize(w, h)
}

func (c columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	fixed, shares := float32(0), 0
	for i, o := range objs {
		if i < len(c) && c[i] < 0 {
			shares++
		} else {
			fixed += c.width(i, o)
		}
	}
	if len(objs) > 1 {
		fixed += theme.Padding() * float32(len(objs)-1)
	}
	share := float32(0)
	if shares > 0 {
		share = max(size.Width-fixed, 0) / float32(shares)
	}
	x := float32(0)
	for i, o := range objs {
		w := share
		if i >= len(c) || c[i] >= 0 {
			w = c.width(i, o)
		}
		// Each keeps its own height, at the top, so that the first lines of a row stay level
		// when one column (a name with its marks under it) is taller.
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
		x += w + theme.Padding()
	}
}

// sizedEm gives o a width of n times the text size.
func sizedEm(o fyne.CanvasObject, n float32) fyne.CanvasObject {
	return container.New(columns{n}, o)
}
