package ui

import (
	"context"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chibo/documents"
	"chibo/i18n"
	"chibo/store"
)

// Roster filters, in the order of the select.
const (
	filterCurrent = iota // on the cell's current roster (store.Current)
	filterAll
	filterGone // transferred out, deceased, expelled, removed, resigned, or gone back
)

// rosterPage is the roster on the left, searchable as one types, and the member editor on the
// right.
type rosterPage struct {
	cs *cellScreen

	search *entry
	filter *selectBox
	count  *widget.Label
	list   *list
	add    *button
	print  *button
	save   *button
	right  *fyne.Container // the editor, or a hint while no member is open
	split  *container.Split

	roster     *store.Roster
	shown      []int  // indexes into roster.Entries, in roster order
	selectedID string // the member in the editor ("" for none or a new one)
	quiet      bool   // set while the list's selection is changed by the program
	editor     *memberEditor

	// carried over from the screen this one replaces
	draft *store.Member
}

func (cs *cellScreen) newRosterPage(prev *cellScreen) *rosterPage {
	u := cs.ui
	rp := &rosterPage{
		cs:     cs,
		search: u.newEntry(),
		count:  &widget.Label{},
		right:  container.NewStack(),
		roster: &store.Roster{},
	}
	rp.search.PlaceHolder = i18n.L("ui.roster.search")
	rp.search.OnChanged = func(string) { rp.refilter() }
	rp.filter = u.newSelect([]string{i18n.L("ui.roster.filter.current"), i18n.L("ui.roster.filter.all"),
		i18n.L("ui.roster.filter.gone")}, nil)
	rp.filter.SetSelectedIndex(filterCurrent)
	rp.filter.OnChanged = func(string) { rp.refilter() }
	rp.list = newList(func() int { return len(rp.shown) }, rp.createRow, rp.updateRow)
	rp.list.OnSelected = rp.onSelected
	rp.add = u.newButton(i18n.L("ui.roster.add"), widget.HighImportance, rp.addMember)
	rp.print = u.newButton(i18n.L("ui.roster.print"), widget.MediumImportance, rp.printBook)
	rp.print.Icon = theme.DocumentPrintIcon()
	rp.save = u.newButton(i18n.L("ui.roster.save_pdf"), widget.MediumImportance, func() { u.savePaper(rp.bookPaper()) })
	rp.save.Icon = theme.DocumentSaveIcon()
	rp.right.Objects = []fyne.CanvasObject{rp.hint()}
	if prev != nil {
		old := prev.roster
		rp.search.SetText(old.search.Text)
		rp.filter.SetSelectedIndex(old.filter.SelectedIndex())
		rp.selectedID = old.selectedID
		if old.editor != nil {
			if old.editor.dirty {
				m := old.editor.collect()
				rp.draft = &m
			}
			rp.openEditor(old.editor.id, rp.draft)
		}
	}
	return rp
}

func (rp *rosterPage) hint() fyne.CanvasObject {
	return container.NewCenter(sized(wrapped(i18n.L("ui.roster.pick_hint")), 360))
}

func (rp *rosterPage) content() fyne.CanvasObject {
	top := container.NewVBox(
		rp.search,
		container.NewBorder(nil, nil, nil, rp.count, rp.filter),
	)
	left := border(top, container.NewHBox(rp.add, rp.print, rp.save), rp.list)
	rp.split = container.NewHSplit(left, rp.right)
	rp.split.SetOffset(0.42)
	return rp.split
}

// reload takes a new snapshot of the roster in the background, then filters it again and keeps
// the selected member selected.
func (rp *rosterPage) reload() {
	var r *store.Roster
	var err error
	rp.cs.ui.background(func(ctx context.Context) {
		r, err = rp.cs.cell.Roster(ctx)
	}, func() {
		if err != nil {
			rp.count.SetText(errorText(err))
			return
		}
		rp.roster = r
		rp.refilter()
	})
}

// refilter filters the snapshot in memory: fast enough to run on every keystroke.
func (rp *rosterPage) refilter() {
	var keep func(*store.RosterEntry) bool
	switch rp.filter.SelectedIndex() {
	case filterCurrent:
		keep = func(e *store.RosterEntry) bool { return store.Current(e.State, e.Flags) }
	case filterGone:
		keep = func(e *store.RosterEntry) bool { return !store.Current(e.State, e.Flags) }
	}
	rp.shown = rp.roster.Filter(rp.search.Text, keep, rp.shown)
	rp.count.SetText(i18n.L("ui.roster.count", map[string]any{"Shown": len(rp.shown), "Total": len(rp.roster.Entries)}))
	rp.quiet = true
	rp.list.UnselectAll()
	for i, idx := range rp.shown {
		if rp.roster.Entries[idx].ID == rp.selectedID && rp.selectedID != "" {
			rp.list.Select(i)
		}
	}
	rp.quiet = false
	rp.list.Refresh()
}

func (rp *rosterPage) createRow() fyne.CanvasObject {
	num := &widget.Label{}
	name := &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	state := &widget.Label{}
	detail := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	return rowBox(container.NewBorder(nil, nil, container.New(textWidth("000."), num), state, name), detail)
}

func (rp *rosterPage) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(rp.shown) {
		return
	}
	e := &rp.roster.Entries[rp.shown[id]]
	box := o.(*fyne.Container)
	line := box.Objects[0].(*fyne.Container)
	// Border puts the centre object first.
	name, state := line.Objects[0].(*widget.Label), line.Objects[2].(*widget.Label)
	num := line.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
	num.SetText(strconv.Itoa(id+1) + ".")
	name.SetText(e.FullName)
	state.SetText(stateText(e.State, e.Flags))
	box.Objects[1].(*widget.Label).SetText(rosterDetail(e))
}

// stateText is a state with its flags: "Chính thức · Miễn sinh hoạt".
func stateText(state string, flags []string) string {
	parts := []string{i18n.L("state." + state)}
	for _, f := range flags {
		parts = append(parts, i18n.L("flag."+f))
	}
	return strings.Join(parts, " · ")
}

// rosterDetail is the second line of a roster row: birth date, ethnicity and admission dates.
func rosterDetail(e *store.RosterEntry) string {
	parts := []string{i18n.L("ui.roster.born", map[string]any{"Date": e.BirthDate.DMY()})}
	if e.Ethnicity != "" {
		parts = append(parts, e.Ethnicity)
	}
	if e.CeremonyDate.Valid() {
		parts = append(parts, i18n.L("ui.roster.admitted", map[string]any{"Date": e.CeremonyDate.DMY()}))
	}
	if e.OfficialDate.Valid() {
		parts = append(parts, i18n.L("ui.roster.official", map[string]any{"Date": e.OfficialDate.DMY()}))
	}
	return strings.Join(parts, " · ")
}

func (rp *rosterPage) onSelected(id widget.ListItemID) {
	if rp.quiet || id >= len(rp.shown) {
		return
	}
	rp.openMember(rp.roster.Entries[rp.shown[id]].ID)
}

// openMember shows a member in the editor, after asking about unsaved changes to another.
func (rp *rosterPage) openMember(id string) {
	if rp.editor != nil && rp.editor.id == id {
		return
	}
	rp.leaveEditor(func() {
		rp.selectedID = id
		rp.openEditor(id, nil)
		rp.refilter()
	}, func() { rp.refilter() })
}

// reveal makes sure the member's row is among those shown, clearing the search and widening the
// filter when they hide it (a watch item may be about someone who has left).
func (rp *rosterPage) reveal(id string) {
	for _, i := range rp.shown {
		if rp.roster.Entries[i].ID == id {
			return
		}
	}
	rp.search.SetText("")
	rp.filter.SetSelectedIndex(filterAll)
}

// addMember opens an empty editor.
func (rp *rosterPage) addMember() {
	rp.leaveEditor(func() {
		rp.selectedID = ""
		rp.openEditor("", nil)
		rp.refilter()
		rp.cs.ui.win.Canvas().Focus(rp.editor.fullName)
	}, nil)
}

// leaveEditor runs next when the editor has nothing unsaved or its user agrees to drop it, and
// stay otherwise.
func (rp *rosterPage) leaveEditor(next, stay func()) {
	if rp.editor == nil || !rp.editor.dirty {
		next()
		return
	}
	rp.cs.ui.confirmDiscard(next)
	if stay != nil {
		stay()
	}
}

// openEditor replaces the right side with an editor for member id ("" for a new member), filled
// with draft when one is carried over.
func (rp *rosterPage) openEditor(id string, draft *store.Member) {
	rp.editor = rp.cs.newMemberEditor(rp, id)
	rp.right.Objects = []fyne.CanvasObject{rp.editor.content()}
	rp.right.Refresh()
	rp.editor.load(draft)
}

// closeEditor shows the hint again (after Hủy on a new member).
func (rp *rosterPage) closeEditor() {
	rp.editor = nil
	rp.selectedID = ""
	rp.right.Objects = []fyne.CanvasObject{rp.hint()}
	rp.right.Refresh()
	rp.refilter()
}

// bookPaper is the roster book (sổ danh sách đảng viên, mẫu 7-HSĐV) of the members on the
// current roster, as of today.
func (rp *rosterPage) bookPaper() paper {
	c, p, today := rp.cs.cell, rp.cs.cell.Profile(), rp.cs.ui.today()
	return paper{
		what: i18n.L("ui.paper.roster"),
		file: p.Code + "-SODANHSACH-" + fileDate(today.Time()) + ".pdf",
		make: func(ctx context.Context, w io.Writer) error {
			all, err := c.ListMembers(ctx)
			if err != nil {
				return err
			}
			var ms []store.Member
			evs := map[string][]store.Event{}
			for _, m := range all {
				if !store.Current(m.State, m.Flags) {
					continue
				}
				ms = append(ms, m)
				if evs[m.ID], err = c.Events(ctx, m.ID); err != nil {
					return err
				}
			}
			return documents.RosterBook(w, p, ms, evs, today, documents.Options{})
		},
	}
}

// printBook prints the roster book (Ctrl+P on this page).
func (rp *rosterPage) printBook() {
	if rp.print.Disabled() {
		return
	}
	rp.print.Disable()
	rp.cs.ui.printPaper(rp.bookPaper(), rp.print.Enable)
}
