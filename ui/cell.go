package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/rules"
	"chibo/store"
)

// Pages of the cell window.
const (
	pageRoster   = "roster"
	pageMeetings = "meetings"
	pageWatch    = "watch"
	pageSettings = "settings"
	pageSync     = "sync"
)

// cellScreen is the window of an unlocked cell: a header with its name and receiving office,
// the navigation buttons, and one page at a time.
type cellScreen struct {
	ui   *UI
	cell *store.Cell

	title    *widget.Label
	office   *widget.Label
	toRoster *button
	toMeet   *button
	toWatch  *button
	toSet    *button
	toSync   *button
	lockBtn  *button
	pages    *fyne.Container

	roster   *rosterPage
	meetings *meetingsPage
	watch    *watchPage
	settings *settingsPage
	sync     *syncPage
	page     string
}

// newCellScreen builds the screens of c. prev, when not nil, is the screen being replaced (after
// a change of language): its page, selected member and unsaved edits carry over.
func (u *UI) newCellScreen(c *store.Cell, prev *cellScreen) *cellScreen {
	cs := &cellScreen{
		ui:     u,
		cell:   c,
		title:  heading(""),
		office: &widget.Label{Truncation: fyne.TextTruncateEllipsis},
		pages:  container.NewStack(),
	}
	cs.toRoster = u.newButton(i18n.L("ui.nav.roster"), widget.MediumImportance, func() { cs.showPage(pageRoster) })
	cs.toMeet = u.newButton(i18n.L("ui.nav.meetings"), widget.MediumImportance, func() { cs.showPage(pageMeetings) })
	cs.toWatch = u.newButton(i18n.L("ui.nav.watch", map[string]any{"Count": 0}), widget.MediumImportance, func() { cs.showPage(pageWatch) })
	cs.toSync = u.newButton(i18n.L("ui.sync.nav"), widget.MediumImportance, func() { cs.showPage(pageSync) })
	cs.toSet = u.newButton(i18n.L("ui.nav.settings"), widget.MediumImportance, func() { cs.showPage(pageSettings) })
	cs.lockBtn = u.newButton(i18n.L("ui.nav.lock"), widget.MediumImportance, u.lock)
	cs.roster = cs.newRosterPage(prev)
	cs.meetings = cs.newMeetingsPage()
	cs.watch = cs.newWatchPage()
	cs.settings = cs.newSettingsPage()
	cs.sync = cs.newSyncPage()
	cs.pages.Objects = []fyne.CanvasObject{cs.roster.content(), cs.meetings.content(), cs.watch.content(), cs.settings.content(), cs.sync.content()}
	cs.refreshHeader()
	page := pageRoster
	if prev != nil {
		page = prev.page
		// The meeting being edited is written, then opens again in the new language.
		if pe := prev.meetings.editor; pe != nil {
			id := pe.m.ID
			pe.close(func() { cs.meetings.showEditor(id) })
			prev.meetings.editor = nil
		}
	}
	cs.showPage(page)
	return cs
}

func (cs *cellScreen) content() fyne.CanvasObject {
	nav := container.NewHBox(cs.toRoster, cs.toMeet, cs.toWatch, cs.toSync, cs.toSet, widget.NewSeparator(), cs.lockBtn)
	header := container.NewBorder(nil, nil, nil, container.NewCenter(nav), rowBox(cs.title, cs.office))
	return container.NewPadded(border(container.NewVBox(header, widget.NewSeparator()), nil, cs.pages))
}

func (cs *cellScreen) refreshHeader() {
	p := cs.cell.Profile()
	cs.title.SetText(p.Name)
	cs.office.SetText(i18n.L("ui.cell.office_line", map[string]any{"Office": p.OfficeName, "Code": p.Code}))
}

// showPage shows one page and marks its button.
func (cs *cellScreen) showPage(page string) {
	cs.page = page
	for i, x := range []struct {
		name string
		b    *button
	}{{pageRoster, cs.toRoster}, {pageMeetings, cs.toMeet}, {pageWatch, cs.toWatch}, {pageSettings, cs.toSet}, {pageSync, cs.toSync}} {
		if x.name == page {
			x.b.Importance = widget.HighImportance
			cs.pages.Objects[i].Show()
		} else {
			x.b.Importance = widget.MediumImportance
			cs.pages.Objects[i].Hide()
		}
		x.b.Refresh()
	}
	cs.pages.Refresh()
	if page == pageSettings {
		cs.settings.fill()
	}
	if page == pageSync {
		cs.sync.reload()
	}
}

// load reads the roster, the meetings and the watch list in the background. On the first
// opening, the meeting that was being edited when the program last stopped opens again, so
// that she is back where she was; otherwise the watch list comes first when it has something,
// so that deadlines are seen.
func (cs *cellScreen) load(first bool) {
	cs.roster.reload()
	cs.meetings.reload(nil)
	reopen := ""
	if first {
		reopen = cs.ui.app.Preferences().String(prefOpenMeeting + cs.cell.Profile().Code)
	}
	if reopen != "" {
		cs.meetings.openMeeting(reopen)
	}
	cs.reloadWatch(func(n int) {
		if first && n > 0 && reopen == "" {
			cs.showPage(pageWatch)
		}
	})
}

// reloadWatch computes the watch list in the background and updates the page and the count in
// its navigation button; then, when not nil, runs after with the number of items.
func (cs *cellScreen) reloadWatch(after func(n int)) {
	var items []rules.WatchItem
	var err error
	today := cs.ui.today()
	cs.ui.background(func(ctx context.Context) {
		items, err = rules.WatchList(ctx, cs.cell, today)
	}, func() {
		if cs.ui.cell != cs {
			return
		}
		if err != nil {
			cs.watch.setError(errorText(err))
			return
		}
		cs.watch.setItems(items)
		cs.toWatch.SetText(i18n.L("ui.nav.watch", map[string]any{"Count": len(items)}))
		if after != nil {
			after(len(items))
		}
	})
}

// afterChange reloads what a saved change may have altered: the roster and the watch list.
func (cs *cellScreen) afterChange() {
	cs.roster.reload()
	cs.reloadWatch(nil)
}

func (cs *cellScreen) dirty() bool {
	return cs.roster.editor != nil && cs.roster.editor.dirty
}

// save is Ctrl+S: it saves what the current page is editing.
func (cs *cellScreen) save() {
	switch cs.page {
	case pageRoster:
		if cs.roster.editor != nil {
			cs.roster.editor.save()
		}
	case pageMeetings:
		if cs.meetings.editor != nil {
			cs.meetings.editor.saveNow()
		}
	case pageSettings:
		cs.settings.saveProfile()
	}
}

// newThing is Ctrl+N: a new meeting on the meetings page, a new member elsewhere.
func (cs *cellScreen) newThing() {
	if cs.page == pageMeetings {
		cs.meetings.showNew()
		return
	}
	cs.addMember()
}

// print is Ctrl+P: the minutes in the meeting editor, the roster book on the roster page.
func (cs *cellScreen) print() {
	switch {
	case cs.page == pageMeetings && cs.meetings.editor != nil:
		e := cs.meetings.editor
		e.print(e.minutesPaper(), e.printMin)
	case cs.page == pageRoster:
		cs.roster.printBook()
	}
}

// flush writes the meeting being edited, if any, and stops its autosave: the cell is about
// to close.
func (cs *cellScreen) flush() {
	if e := cs.meetings.editor; e != nil {
		e.close(nil)
	}
}

// focusSearch is Ctrl+F.
func (cs *cellScreen) focusSearch() {
	cs.showPage(pageRoster)
	cs.ui.win.Canvas().Focus(cs.roster.search)
}

// addMember is Ctrl+N.
func (cs *cellScreen) addMember() {
	cs.showPage(pageRoster)
	cs.roster.addMember()
}

// openMember shows a member in the editor on the roster page (from the watch list).
func (cs *cellScreen) openMember(id string) {
	cs.showPage(pageRoster)
	cs.roster.reveal(id)
	cs.roster.openMember(id)
}
