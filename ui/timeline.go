package ui

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/store"
)

// timeline is a member's events in the order they happened, with buttons to add one and to
// correct or delete the selected one.
type timeline struct {
	e        *memberEditor
	list     *list
	add      *button
	edit     *button
	del      *button
	empty    *widget.Label
	events   []store.Event
	selected int
	dialog   *eventDialog // the last event dialog shown
}

func (e *memberEditor) newTimeline() *timeline {
	u := e.ui
	t := &timeline{e: e, selected: -1, empty: wrapped(i18n.L("ui.timeline.empty"))}
	t.list = newList(func() int { return len(t.events) }, t.createRow, t.updateRow)
	t.list.OnSelected = func(id widget.ListItemID) {
		t.selected = id
		t.edit.Enable()
		t.del.Enable()
	}
	t.list.OnUnselected = func(widget.ListItemID) {
		t.selected = -1
		t.edit.Disable()
		t.del.Disable()
	}
	t.add = u.newButton(i18n.L("ui.timeline.add"), widget.HighImportance, func() { t.showDialog(nil) })
	t.edit = u.newButton(i18n.L("ui.timeline.edit"), widget.MediumImportance, func() {
		if t.selected >= 0 && t.selected < len(t.events) {
			ev := t.events[t.selected]
			t.showDialog(&ev)
		}
	})
	t.del = u.newButton(i18n.L("ui.timeline.delete"), widget.DangerImportance, t.deleteSelected)
	t.edit.Disable()
	t.del.Disable()
	return t
}

func (t *timeline) content() fyne.CanvasObject {
	top := container.NewVBox(wrapped(i18n.L("ui.timeline.intro")), t.empty)
	return border(top, container.NewHBox(t.add, t.edit, t.del), t.list)
}

func (t *timeline) set(evs []store.Event) {
	t.events = evs
	t.list.UnselectAll()
	t.list.Refresh()
	if len(evs) == 0 {
		t.empty.Show()
	} else {
		t.empty.Hide()
	}
}

func (t *timeline) createRow() fyne.CanvasObject {
	return rowBox(
		&widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
		&widget.Label{Truncation: fyne.TextTruncateEllipsis})
}

func (t *timeline) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(t.events) {
		return
	}
	ev := t.events[id]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(ev.Date.DMY() + "   " + i18n.L("event."+string(ev.Kind)))
	box.Objects[1].(*widget.Label).SetText(eventDetail(ev))
}

// eventDetail is an event's other fields, each with its name.
func eventDetail(ev store.Event) string {
	var parts []string
	add := func(key, v string) {
		if v != "" {
			parts = append(parts, i18n.L("field."+key)+": "+v)
		}
	}
	add("organisation", ev.Organisation)
	add("document", ev.Document)
	add("end_date", ev.EndDate.DMY())
	add("done_date", ev.DoneDate.DMY())
	add("reason", strings.ReplaceAll(ev.Reason, "\n", " "))
	return strings.Join(parts, " · ")
}

// ready reports whether the timeline may change now. Every event changes the member's record
// (state, version), so unsaved edits to the form must be saved or dropped first.
func (t *timeline) ready() bool {
	if t.e.id == "" || t.e.dirty {
		t.e.ui.inform(i18n.L("ui.timeline.title"), i18n.L("ui.timeline.save_first"))
		return false
	}
	return true
}

func (t *timeline) deleteSelected() {
	if t.selected < 0 || t.selected >= len(t.events) || !t.ready() {
		return
	}
	ev := t.events[t.selected]
	msg := i18n.L("ui.timeline.delete_confirm", map[string]any{
		"Kind": i18n.L("event." + string(ev.Kind)), "Date": ev.Date.DMY()})
	t.e.ui.confirm(i18n.L("ui.timeline.delete"), msg, i18n.L("ui.timeline.keep"), i18n.L("ui.timeline.delete_yes"), func() {
		var err error
		t.e.ui.background(func(ctx context.Context) {
			err = t.e.cs.cell.DeleteEvent(ctx, ev)
		}, func() {
			if err != nil {
				t.e.ui.inform(i18n.L("ui.timeline.delete"), refusalText(err))
				return
			}
			t.e.afterEvent()
		})
	})
}

// refusalText is every sentence of a refusal, one a line.
func refusalText(err error) string {
	var ve *store.ValidationError
	if errors.As(err, &ve) {
		return strings.Join(i18n.ValidationLines(i18n.Current(), ve), "\n")
	}
	return errorText(err)
}

// eventDialog adds or corrects one event.
type eventDialog struct {
	t     *timeline
	ev    store.Event // the event corrected, or the zero Event for a new one
	kinds []store.EventKind

	kind                      *selectBox
	date, endDate, doneDate   *entry
	organisation, doc, reason *entry
	fields                    map[string]*field
	summary                   *widget.Label
	saveBtn                   *button
	m                         *modal
}

func (t *timeline) showDialog(ev *store.Event) *eventDialog {
	if !t.ready() {
		return nil
	}
	u := t.e.ui
	d := &eventDialog{t: t, kinds: store.EventKinds, summary: errorLabel(), fields: map[string]*field{}}
	names := make([]string, len(d.kinds))
	for i, k := range d.kinds {
		names[i] = i18n.L("event." + string(k))
	}
	d.kind = u.newSelect(names, func(string) { d.kindChanged() })
	mk := func(date bool) *entry {
		x := u.newEntry()
		if date {
			x.PlaceHolder = i18n.L("ui.date.placeholder")
		}
		x.OnSubmitted = func(string) { d.submit() }
		return x
	}
	d.date, d.endDate, d.doneDate = mk(true), mk(true), mk(true)
	d.organisation, d.doc, d.reason = mk(false), mk(false), mk(false)
	var fs []*field
	for _, x := range []struct {
		key string
		in  fyne.CanvasObject
	}{{"kind", d.kind}, {"date", d.date}, {"end_date", d.endDate}, {"done_date", d.doneDate},
		{"organisation", d.organisation}, {"document", d.doc}, {"reason", d.reason}} {
		f := newField(i18n.L("field."+x.key), x.in)
		d.fields[x.key] = f
		fs = append(fs, f)
	}
	title := i18n.L("ui.timeline.add_title", map[string]any{"Name": t.e.m.FullName})
	if ev != nil {
		d.ev = *ev
		title = i18n.L("ui.timeline.edit_title", map[string]any{"Name": t.e.m.FullName})
		for i, k := range d.kinds {
			if k == ev.Kind {
				d.kind.SetSelectedIndex(i)
			}
		}
		// The kind of a recorded event cannot change; delete it and add the right one.
		d.kind.Disable()
		d.date.SetText(ev.Date.DMY())
		d.endDate.SetText(ev.EndDate.DMY())
		d.doneDate.SetText(ev.DoneDate.DMY())
		d.organisation.SetText(ev.Organisation)
		d.doc.SetText(ev.Document)
		d.reason.SetText(ev.Reason)
	}
	d.kindChanged()
	cancel := u.newButton(i18n.L("ui.cancel"), widget.MediumImportance, func() { d.m.d.Hide() })
	d.saveBtn = u.newButton(i18n.L("ui.save"), widget.HighImportance, d.submit)
	content := container.NewVBox(d.summary, form(fs...))
	d.m = u.showModal(title, content, []fyne.CanvasObject{cancel, d.saveBtn}, d.submit, nil, 640)
	t.dialog = d
	if ev == nil {
		u.win.Canvas().Focus(d.kind)
	} else {
		u.win.Canvas().Focus(d.date)
	}
	return d
}

// kindChanged shows the end date only for temporary moves and the done date only for kinds
// that have a follow-up.
func (d *eventDialog) kindChanged() {
	k := d.selectedKind()
	d.fields["end_date"].setVisible(k.HasEndDate())
	d.fields["done_date"].setVisible(k.HasDoneDate())
	if d.m != nil {
		d.m.fit(640)
	}
}

func (d *eventDialog) selectedKind() store.EventKind {
	if i := d.kind.SelectedIndex(); i >= 0 {
		return d.kinds[i]
	}
	return ""
}

func (d *eventDialog) submit() {
	if d.saveBtn.Disabled() {
		return
	}
	k := d.selectedKind()
	ev := d.ev
	ev.MemberID = d.t.e.id
	ev.Kind = k
	ev.Date = store.ParseDMY(d.date.Text)
	ev.EndDate, ev.DoneDate = store.Date{}, store.Date{}
	if k.HasEndDate() {
		ev.EndDate = store.ParseDMY(d.endDate.Text)
	}
	if k.HasDoneDate() {
		ev.DoneDate = store.ParseDMY(d.doneDate.Text)
	}
	ev.Organisation, ev.Document, ev.Reason = d.organisation.Text, d.doc.Text, d.reason.Text
	for _, f := range d.fields {
		f.setError("")
	}
	setShown(d.summary, "")
	d.saveBtn.Disable()
	var err error
	u := d.t.e.ui
	u.background(func(ctx context.Context) {
		_, err = d.t.e.cs.cell.SaveEvent(ctx, ev)
	}, func() {
		d.saveBtn.Enable()
		if err != nil {
			d.showError(err)
			return
		}
		d.m.d.Hide()
		d.t.e.afterEvent()
	})
}

func (d *eventDialog) showError(err error) {
	var ve *store.ValidationError
	if errors.As(err, &ve) {
		// Each sentence goes under its field; those about no field of the dialog (the timeline
		// as a whole: "cannot record … while the member is …") go at the top.
		lines := i18n.ValidationLines(i18n.Current(), ve)
		var top []string
		var first fyne.Focusable
		for i, fe := range ve.Fields {
			f := d.fields[fe.Field]
			if f == nil || !f.label.Visible() {
				top = append(top, lines[i])
				continue
			}
			f.setError(lines[i])
			if first == nil {
				first = f.focusable()
			}
		}
		setShown(d.summary, strings.Join(top, "\n"))
		if first != nil {
			d.t.e.ui.win.Canvas().Focus(first)
		}
	} else {
		setShown(d.summary, errorText(err))
	}
	d.m.fit(640)
}

// historyView is the member's change history, oldest first.
type historyView struct {
	e       *memberEditor
	list    *list
	empty   *widget.Label
	changes []store.Change
}

func (e *memberEditor) newHistoryView() *historyView {
	h := &historyView{e: e, empty: wrapped(i18n.L("ui.history.empty"))}
	h.list = newList(func() int { return len(h.changes) }, func() fyne.CanvasObject {
		return rowBox(
			&widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
			&widget.Label{Truncation: fyne.TextTruncateEllipsis})
	}, h.updateRow)
	return h
}

func (h *historyView) content() fyne.CanvasObject {
	return border(container.NewVBox(wrapped(i18n.L("ui.history.intro")), h.empty), nil, h.list)
}

func (h *historyView) set(changes []store.Change) {
	h.changes = changes
	h.list.Refresh()
	if len(changes) == 0 {
		h.empty.Show()
	} else {
		h.empty.Hide()
	}
}

func (h *historyView) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(h.changes) {
		return
	}
	ch := h.changes[id]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(i18n.L("ui.history.when_who", map[string]any{
		"Time": ch.At.Local().Format("02/01/2006 15:04"), "Actor": ch.Actor}))
	box.Objects[1].(*widget.Label).SetText(changeText(ch))
}

// changeText is "Field: old → new" in words: dates as dd/mm/yyyy, codes translated.
func changeText(ch store.Change) string {
	var name string
	if strings.HasPrefix(ch.Field, "event.") {
		name = i18n.L(ch.Field)
	} else {
		name = i18n.L("field." + ch.Field)
	}
	if ch.Field == "created" {
		return name + ": " + ch.NewValue
	}
	old, nw := changeValue(ch.Field, ch.OldValue), changeValue(ch.Field, ch.NewValue)
	if old == "" {
		old = i18n.L("ui.history.blank")
	}
	if nw == "" {
		nw = i18n.L("ui.history.blank")
	}
	return name + ": " + old + " → " + nw
}

var isoDate = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)

func changeValue(field, v string) string {
	switch {
	case field == "gender" && v != "":
		return i18n.L("gender." + v)
	case v == "true":
		return i18n.L("ui.yes")
	case v == "false":
		return i18n.L("ui.no")
	case field == "badge_years" && v == "0":
		return ""
	}
	v = strings.ReplaceAll(v, " | ", " · ")
	return isoDate.ReplaceAllString(v, "$3/$2/$1")
}
