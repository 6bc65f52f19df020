package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/rules"
	"chibo/store"
)

// Tabs of the meetings page.
const (
	meetTabList = iota
	meetTabCompliance
)

// meetingKinds are the kinds in the order the window offers them.
var meetingKinds = []string{store.MeetingRegular, store.MeetingThematic, store.MeetingCombined}

func kindNames() []string {
	out := make([]string, len(meetingKinds))
	for i, k := range meetingKinds {
		out[i] = i18n.L("ui.meeting.kind." + k)
	}
	return out
}

func kindIndex(kind string) int {
	for i, k := range meetingKinds {
		if k == kind {
			return i
		}
	}
	return -1
}

// meetingsPage is the meetings of the cell, newest first, with the findings of the follow-up
// ("theo dõi thực hiện") in a second tab; opening a meeting shows its editor in place of both.
type meetingsPage struct {
	cs *cellScreen

	newBtn     *button
	openBtn    *button
	tabBtns    []*button
	tabs       *fyne.Container
	list       *list
	empty      *widget.Label
	errMsg     *widget.Label
	findings   *fyne.Container
	noFindings *widget.Label
	listView   fyne.CanvasObject
	root       *fyne.Container // the list view, or the editor

	meetings  []store.Meeting
	corrected map[string]bool // ids of minutes that a later approved version corrects
	selected  int
	tab       int
	nFindings int
	editor    *meetingEditor
	newDlg    *newMeetingDialog // the last new-meeting dialog shown
}

func (cs *cellScreen) newMeetingsPage() *meetingsPage {
	u := cs.ui
	mp := &meetingsPage{
		cs:         cs,
		empty:      wrapped(i18n.L("ui.meetings.empty")),
		errMsg:     errorLabel(),
		findings:   container.NewVBox(),
		noFindings: wrapped(i18n.L("ui.compliance.none")),
		root:       container.NewStack(),
		selected:   -1,
		corrected:  map[string]bool{},
	}
	mp.empty.Hide()
	mp.noFindings.Hide()
	mp.newBtn = u.newButton(i18n.L("ui.meetings.new"), widget.HighImportance, mp.showNew)
	mp.openBtn = u.newButton(i18n.L("ui.meetings.open"), widget.MediumImportance, mp.openSelected)
	mp.openBtn.Disable()
	mp.list = newList(func() int { return len(mp.meetings) }, mp.createRow, mp.updateRow)
	mp.list.OnSelected = func(id widget.ListItemID) {
		mp.selected = id
		mp.openBtn.Enable()
	}
	mp.list.OnUnselected = func(widget.ListItemID) {
		mp.selected = -1
		mp.openBtn.Disable()
	}
	mp.list.onEnter = mp.openSelected
	mp.tabBtns = []*button{
		u.newButton(i18n.L("ui.meetings.tab.list"), widget.HighImportance, func() { mp.showTab(meetTabList) }),
		u.newButton(i18n.L("ui.compliance.tab", map[string]any{"Count": 0}), widget.MediumImportance,
			func() { mp.showTab(meetTabCompliance) }),
	}
	listTab := border(container.NewVBox(mp.empty), nil, mp.list)
	compTab := container.NewVScroll(container.NewVBox(wrapped(i18n.L("ui.compliance.intro")), mp.noFindings, mp.findings))
	mp.tabs = container.NewStack(listTab, compTab)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil,
			container.NewHBox(mp.openBtn, mp.newBtn),
			container.NewHBox(mp.tabBtns[0], mp.tabBtns[1])),
		mp.errMsg,
		widget.NewSeparator(),
	)
	mp.listView = border(top, nil, mp.tabs)
	mp.root.Objects = []fyne.CanvasObject{mp.listView}
	mp.showTab(meetTabList)
	return mp
}

func (mp *meetingsPage) content() fyne.CanvasObject { return mp.root }

func (mp *meetingsPage) showTab(tab int) {
	mp.tab = tab
	for i, b := range mp.tabBtns {
		switch {
		case i == tab:
			b.Importance = widget.HighImportance
			mp.tabs.Objects[i].Show()
		case i == meetTabCompliance && mp.nFindings > 0:
			// Something is missing: the tab says so in colour as well as by its count.
			b.Importance = widget.WarningImportance
			mp.tabs.Objects[i].Hide()
		default:
			b.Importance = widget.MediumImportance
			mp.tabs.Objects[i].Hide()
		}
		b.Refresh()
	}
	mp.tabs.Refresh()
}

// reload lists the meetings and computes the follow-up in the background; then, when not
// nil, runs after.
func (mp *meetingsPage) reload(after func()) {
	var ms []store.Meeting
	var err error
	today := mp.cs.ui.today()
	var findings []rules.Finding
	mp.cs.ui.background(func(ctx context.Context) {
		if ms, err = mp.cs.cell.ListMeetings(ctx); err != nil {
			return
		}
		findings = rules.Compliance(ms, today)
	}, func() {
		if mp.cs.ui.cell != mp.cs {
			return
		}
		if err != nil {
			setShown(mp.errMsg, errorText(err))
			return
		}
		setShown(mp.errMsg, "")
		mp.setMeetings(ms)
		mp.setFindings(findings)
		if after != nil {
			after()
		}
	})
}

func (mp *meetingsPage) setMeetings(ms []store.Meeting) {
	var selID string
	if mp.selected >= 0 && mp.selected < len(mp.meetings) {
		selID = mp.meetings[mp.selected].ID
	}
	mp.meetings = ms
	mp.corrected = map[string]bool{}
	for _, m := range ms {
		if m.CorrectsID != "" && m.Status == store.StatusApproved {
			mp.corrected[m.CorrectsID] = true
		}
	}
	if len(ms) == 0 {
		mp.empty.Show()
	} else {
		mp.empty.Hide()
	}
	mp.list.UnselectAll()
	mp.list.Refresh()
	// The newest meeting is chosen when nothing else was, so that "open" works at once.
	sel := 0
	for i, m := range ms {
		if m.ID == selID {
			sel = i
		}
	}
	if len(ms) > 0 {
		mp.list.Select(sel)
	}
}

func (mp *meetingsPage) setFindings(fs []rules.Finding) {
	mp.nFindings = len(fs)
	mp.tabBtns[1].SetText(i18n.L("ui.compliance.tab", map[string]any{"Count": len(fs)}))
	mp.showTab(mp.tab)
	objs := make([]fyne.CanvasObject, 0, len(fs))
	for _, f := range fs {
		objs = append(objs, wrapped("• "+rules.DescribeFinding(i18n.Current(), f)))
	}
	mp.findings.Objects = objs
	mp.findings.Refresh()
	if len(fs) == 0 {
		mp.noFindings.Show()
	} else {
		mp.noFindings.Hide()
	}
}

func (mp *meetingsPage) createRow() fyne.CanvasObject {
	date := &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	kind := &widget.Label{}
	num := &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	status := &widget.Label{}
	topic := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	line := container.NewHBox(container.New(textWidth("00/00/0000"), date), kind, num, layout.NewSpacer(), status)
	return rowBox(line, topic)
}

func (mp *meetingsPage) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(mp.meetings) {
		return
	}
	m := mp.meetings[id]
	box := o.(*fyne.Container)
	line := box.Objects[0].(*fyne.Container)
	line.Objects[0].(*fyne.Container).Objects[0].(*widget.Label).SetText(m.Date.DMY())
	line.Objects[1].(*widget.Label).SetText(i18n.L("ui.meeting.kind." + m.Kind))
	num := ""
	if m.Status == store.StatusApproved && m.Number > 0 {
		num = i18n.L("ui.meeting.number", map[string]any{"Number": fmt.Sprintf("%02d", m.Number)})
	}
	line.Objects[2].(*widget.Label).SetText(num)
	st := line.Objects[4].(*widget.Label)
	st.SetText(statusText(m, mp.corrected[m.ID]))
	// A draft stands out in bold; colour alone would be lost on a washed-out screen.
	st.TextStyle.Bold = m.Status == store.StatusDraft
	st.Refresh()
	topic := strings.ReplaceAll(m.Body.Topic, "\n", " ")
	if topic == "" {
		topic = i18n.L("ui.meetings.no_topic")
	}
	box.Objects[1].(*widget.Label).SetText(topic)
}

// statusText is a meeting's status as the list and the editor show it: a draft, approved
// minutes with their short code, a correction, and whether a later version corrects them.
func statusText(m store.Meeting, corrected bool) string {
	args := map[string]any{"Code": store.ShortCode(m.RecordHash)}
	var s string
	switch {
	case m.Status == store.StatusDraft && m.CorrectsID != "":
		s = i18n.L("ui.meeting.status.correction_draft")
	case m.Status == store.StatusDraft:
		s = i18n.L("ui.meeting.status.draft")
	case m.CorrectsID != "":
		s = i18n.L("ui.meeting.status.correction_approved", args)
	default:
		s = i18n.L("ui.meeting.status.approved", args)
	}
	if corrected {
		s += " · " + i18n.L("ui.meeting.status.corrected")
	}
	return s
}

func (mp *meetingsPage) openSelected() {
	if mp.selected < 0 || mp.selected >= len(mp.meetings) {
		return
	}
	mp.openMeeting(mp.meetings[mp.selected].ID)
}

// openMeeting goes to the meetings page and opens a meeting there.
func (mp *meetingsPage) openMeeting(id string) {
	mp.cs.showPage(pageMeetings)
	mp.showEditor(id)
}

// showEditor shows the editor of a meeting in place of the list and remembers it, so that
// the next start comes back to it.
func (mp *meetingsPage) showEditor(id string) {
	if mp.editor != nil {
		if mp.editor.m.ID == id {
			return
		}
		mp.editor.close(nil)
	}
	mp.editor = mp.cs.newMeetingEditor(mp, id)
	mp.root.Objects = []fyne.CanvasObject{mp.editor.content()}
	mp.root.Refresh()
	prefs, code := mp.cs.ui.app.Preferences(), mp.cs.cell.Profile().Code
	if prefs.String(prefOpenMeeting+code) != id {
		// Another meeting: where she was in the last one means nothing here.
		prefs.RemoveValue(prefMeetingScroll + code)
		prefs.SetString(prefOpenMeeting+code, id)
	}
	mp.editor.load()
}

// backToList saves what the editor holds, closes it and shows the list again, with the
// meeting just left selected.
func (mp *meetingsPage) backToList() {
	e := mp.editor
	if e == nil {
		return
	}
	code := mp.cs.cell.Profile().Code
	mp.cs.ui.app.Preferences().RemoveValue(prefOpenMeeting + code)
	mp.cs.ui.app.Preferences().RemoveValue(prefMeetingScroll + code)
	id := e.m.ID
	e.close(func() {
		mp.reload(func() {
			for i, m := range mp.meetings {
				if m.ID == id {
					mp.list.Select(i)
					mp.list.ScrollTo(i)
				}
			}
			mp.cs.ui.win.Canvas().Focus(mp.list)
		})
	})
	mp.editor = nil
	mp.root.Objects = []fyne.CanvasObject{mp.listView}
	mp.root.Refresh()
}

// newMeetingDialog asks for the kind and the date of a new meeting.
type newMeetingDialog struct {
	mp      *meetingsPage
	kind    *selectBox
	date    *entry
	errMsg  *widget.Label
	create  *button
	cancel  *button
	m       *modal
	busy    bool
	created string // the id of the meeting made, for tests
}

// showNew asks for the kind and date of a new meeting (Ctrl+N on this page).
func (mp *meetingsPage) showNew() {
	u := mp.cs.ui
	d := &newMeetingDialog{mp: mp, kind: u.newSelect(kindNames(), nil), date: u.newEntry(), errMsg: errorLabel()}
	d.kind.SetSelectedIndex(0)
	d.date.SetText(u.today().DMY())
	d.date.PlaceHolder = i18n.L("ui.date.placeholder")
	d.date.OnSubmitted = func(string) { d.submit() }
	d.cancel = u.newButton(i18n.L("ui.cancel"), widget.MediumImportance, func() {
		if !d.busy {
			d.m.d.Hide()
		}
	})
	d.create = u.newButton(i18n.L("ui.meetings.create"), widget.HighImportance, d.submit)
	content := container.NewVBox(
		wrapped(i18n.L("ui.meetings.new_intro")),
		form(newField(i18n.L("ui.meeting.kind"), d.kind), newField(i18n.L("ui.meeting.date"), d.date)),
		d.errMsg,
	)
	d.m = u.showModal(i18n.L("ui.meetings.new_title"), content, []fyne.CanvasObject{d.cancel, d.create}, d.submit,
		func() {
			if !d.busy {
				d.m.d.Hide()
			}
		}, 560)
	u.win.Canvas().Focus(d.kind)
	mp.newDlg = d
}

func (d *newMeetingDialog) submit() {
	if d.busy {
		return
	}
	mp := d.mp
	u := mp.cs.ui
	kind := meetingKinds[max(d.kind.SelectedIndex(), 0)]
	date := store.ParseDMY(d.date.Text)
	d.busy = true
	d.create.Disable()
	var m store.Meeting
	var err error
	u.background(func(ctx context.Context) {
		m, err = mp.cs.cell.CreateMeeting(ctx, kind, date)
	}, func() {
		d.busy = false
		d.create.Enable()
		if err != nil {
			var ve *store.ValidationError
			if errors.As(err, &ve) {
				var lines []string
				for _, fe := range ve.Fields {
					lines = append(lines, i18n.FieldSentence(i18n.Current(), fe))
				}
				setShown(d.errMsg, strings.Join(lines, "\n"))
			} else {
				setShown(d.errMsg, errorText(err))
			}
			d.m.fit(560)
			u.win.Canvas().Focus(d.date)
			return
		}
		d.created = m.ID
		d.m.d.Hide()
		mp.reload(nil)
		mp.openMeeting(m.ID)
	})
}
