package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/sync/office"
)

// officeConflictsPage is "Chờ xem xét": the records a bundle carried with the same id and
// version as one the office holds but other content. They were kept aside, never merged; here
// a person looks at each, the fields that differ side by side, and keeps the record held or
// takes the new one.
type officeConflictsPage struct {
	scr *officeScreen

	list     *list
	msg      *widget.Label
	what     *widget.Label
	info     *widget.Label
	note     *widget.Label
	changes  *fyne.Container // one row of three columns per field: its name, held, incoming
	keepHeld *button
	takeNew  *button
	detail   *fyne.Container

	conflicts []office.ConflictRecord
	selected  int
	busy      bool
	confirmOK *button // the yes button of the last confirmation shown
}

func (scr *officeScreen) newConflictsPage() *officeConflictsPage {
	u := scr.ui
	p := &officeConflictsPage{
		scr:      scr,
		msg:      wrapped(""),
		what:     subheading(""),
		info:     wrapped(""),
		note:     &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance},
		changes:  container.NewVBox(),
		selected: -1,
	}
	p.list = newList(func() int { return len(p.conflicts) }, p.createRow, p.updateRow)
	p.list.OnSelected = func(id widget.ListItemID) { p.show(id) }
	p.list.onEnter = func() {
		if p.selected >= 0 {
			u.win.Canvas().Focus(p.keepHeld)
		}
	}
	p.keepHeld = u.newButton(i18n.L("ui.office.conflicts.keep_held"), widget.MediumImportance, func() { p.settle(office.KeepHeld) })
	p.takeNew = u.newButton(i18n.L("ui.office.conflicts.take_new"), widget.MediumImportance, func() { p.settle(office.KeepIncoming) })
	p.note.Hide()
	setShown(p.msg, "")
	p.show(-1)
	return p
}

func (p *officeConflictsPage) content() fyne.CanvasObject {
	left := border(container.NewVBox(subheading(i18n.L("ui.office.conflicts.title")), wrapped(i18n.L("ui.office.conflicts.intro")), p.msg),
		nil, p.list)
	head := container.NewGridWithColumns(3,
		&widget.Label{Text: i18n.L("ui.office.conflicts.col_field"), TextStyle: fyne.TextStyle{Bold: true}},
		&widget.Label{Text: i18n.L("ui.office.conflicts.col_held"), TextStyle: fyne.TextStyle{Bold: true}},
		&widget.Label{Text: i18n.L("ui.office.conflicts.col_new"), TextStyle: fyne.TextStyle{Bold: true}})
	top := container.NewVBox(p.what, p.info, p.note, head, widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), wrapped(i18n.L("ui.office.conflicts.choose")), container.NewHBox(p.keepHeld, p.takeNew))
	p.detail = border(top, bottom, container.NewVScroll(p.changes))
	split := container.NewHSplit(left, p.detail)
	split.Offset = 0.36
	return split
}

func (p *officeConflictsPage) createRow() fyne.CanvasObject {
	return rowBox(extended(&widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}),
		extended(&widget.Label{Truncation: fyne.TextTruncateEllipsis}))
}

func (p *officeConflictsPage) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.conflicts) {
		return
	}
	c := p.conflicts[id]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(i18n.L("ui.office.conflicts.row", map[string]any{
		"Kind": i18n.L("office.kind." + c.Kind), "What": c.What}))
	box.Objects[1].(*widget.Label).SetText(i18n.L("ui.office.conflicts.row_line", map[string]any{
		"Cell": cellTitle(c.CellName, c.Cell), "Date": localDate(c.At)}))
}

// reload reads the open conflicts in the background, keeping the one selected when it is
// still open.
func (p *officeConflictsPage) reload() {
	var cs []office.ConflictRecord
	var err error
	scr := p.scr
	scr.ui.background(func(ctx context.Context) {
		cs, err = scr.off.Conflicts(ctx)
	}, func() {
		if scr.ui.office != scr {
			return
		}
		if err != nil {
			setShown(p.msg, errorText(err))
			return
		}
		p.fill(cs)
	})
}

func (p *officeConflictsPage) fill(cs []office.ConflictRecord) {
	var cur int64 = -1
	if p.selected >= 0 && p.selected < len(p.conflicts) {
		cur = p.conflicts[p.selected].ID
	}
	p.conflicts = cs
	p.scr.setConflictCount(len(cs))
	if len(cs) == 0 {
		setShown(p.msg, i18n.L("ui.office.conflicts.none"))
	} else if p.msg.Text == i18n.L("ui.office.conflicts.none") {
		setShown(p.msg, "")
	}
	p.list.UnselectAll()
	p.list.Refresh()
	sel := -1
	for i, c := range cs {
		if c.ID == cur {
			sel = i
		}
	}
	if sel < 0 && len(cs) > 0 {
		sel = 0
	}
	if sel >= 0 {
		p.list.Select(sel) // shows it
	} else {
		p.show(-1)
	}
}

// show puts the selected conflict's fields side by side.
func (p *officeConflictsPage) show(i int) {
	p.selected = i
	p.changes.RemoveAll()
	setShown(p.note, "")
	if i < 0 || i >= len(p.conflicts) {
		p.selected = -1
		p.what.SetText(i18n.L("ui.office.conflicts.nothing_selected"))
		setShown(p.info, "")
		p.keepHeld.Disable()
		p.takeNew.Disable()
		p.refreshDetail()
		return
	}
	c := p.conflicts[i]
	p.what.SetText(i18n.L("ui.office.conflicts.row", map[string]any{"Kind": i18n.L("office.kind." + c.Kind), "What": c.What}))
	bundleName := c.Bundle
	if bundleName == "" {
		bundleName = fmt.Sprint(c.BundleSeq)
	}
	setShown(p.info, i18n.L("ui.office.conflicts.info", map[string]any{"Cell": cellTitle(c.CellName, c.Cell),
		"Bundle": bundleName, "Date": localDate(c.At), "Version": c.Version, "ID": c.ID}))
	switch {
	case c.Deleted:
		setShown(p.note, i18n.L("ui.office.conflicts.deleted"))
	case len(c.Changes) == 0:
		setShown(p.note, i18n.L("ui.office.conflicts.no_changes"))
	}
	for _, ch := range c.Changes {
		p.changes.Add(container.NewGridWithColumns(3,
			&widget.Label{Text: ch.Label, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord},
			&widget.Label{Text: ch.Held, Wrapping: fyne.TextWrapWord},
			&widget.Label{Text: ch.Incoming, Wrapping: fyne.TextWrapWord, Importance: widget.HighImportance}))
		p.changes.Add(widget.NewSeparator())
	}
	if !p.busy {
		p.keepHeld.Enable()
		p.takeNew.Enable()
	}
	p.refreshDetail()
}

func (p *officeConflictsPage) refreshDetail() {
	p.changes.Refresh()
	if p.detail != nil {
		p.detail.Refresh()
	}
}

// settle asks first, then keeps the held record or takes the new one in the background.
func (p *officeConflictsPage) settle(keep string) {
	if p.busy || p.selected < 0 || p.selected >= len(p.conflicts) {
		return
	}
	c := p.conflicts[p.selected]
	u := p.scr.ui
	args := map[string]any{"What": c.What, "Cell": cellTitle(c.CellName, c.Cell)}
	title, yes := i18n.L("ui.office.conflicts.confirm_held_title"), i18n.L("ui.office.conflicts.keep_held")
	message := i18n.L("ui.office.conflicts.confirm_held", args)
	if keep == office.KeepIncoming {
		title, yes = i18n.L("ui.office.conflicts.confirm_new_title"), i18n.L("ui.office.conflicts.take_new")
		message = i18n.L("ui.office.conflicts.confirm_new", args)
	}
	// As u.confirm, with the buttons kept for the tests; the focus starts on "Hủy".
	var m *modal
	no := u.newButton(i18n.L("ui.cancel"), widget.MediumImportance, func() { m.d.Hide() })
	ok := u.newButton(yes, widget.HighImportance, func() {
		m.d.Hide()
		p.resolve(c, keep)
	})
	m = u.showModal(title, wrapped(message), []fyne.CanvasObject{no, ok}, nil, nil, 560)
	u.win.Canvas().Focus(no)
	p.confirmOK = ok
}

func (p *officeConflictsPage) resolve(c office.ConflictRecord, keep string) {
	scr := p.scr
	p.setBusy(true)
	var cs []office.ConflictRecord
	var err, lerr error
	scr.ui.background(func(ctx context.Context) {
		err = scr.off.ResolveConflict(ctx, c.ID, keep)
		cs, lerr = scr.off.Conflicts(ctx)
	}, func() {
		if scr.ui.office != scr {
			return
		}
		p.setBusy(false)
		if err != nil {
			scr.ui.inform(i18n.L("ui.office.conflicts.failed_title"), errorText(err))
		} else {
			key := "ui.office.conflicts.done_held"
			if keep == office.KeepIncoming {
				key = "ui.office.conflicts.done_incoming"
			}
			setShown(p.msg, i18n.L(key, map[string]any{"What": c.What}))
		}
		if lerr != nil {
			setShown(p.msg, errorText(lerr))
			return
		}
		p.fill(cs)
		scr.ui.win.Canvas().Focus(p.list)
	})
}

func (p *officeConflictsPage) setBusy(b bool) {
	p.busy = b
	for _, w := range []*button{p.keepHeld, p.takeNew} {
		if b || p.selected < 0 {
			w.Disable()
		} else {
			w.Enable()
		}
	}
}

// setConflictCount writes the number of open conflicts on the page's navigation button.
func (scr *officeScreen) setConflictCount(n int) {
	text := i18n.L("ui.office.nav.conflicts")
	if n > 0 {
		text = i18n.L("ui.office.nav.conflicts_n", map[string]any{"Count": n})
	}
	b := scr.nav[officePageConflicts]
	if b.Text != text {
		b.SetText(text)
		if scr.header != nil {
			scr.header.Refresh()
		}
	}
}
