// Package ui holds the window's screens: the start screen that lists the cells on the machine,
// the form that creates one, and, once a cell is unlocked, its roster, member editor, meetings
// (the minutes editor, with autosave, approval, corrections and printing), watch list and
// settings. Every store call runs off the UI goroutine and updates widgets in fyne.Do.
// Nothing here imports fyne.io/fyne/v2/app except app.go, so the tests run with
// fyne.io/fyne/v2/test and without cgo.
package ui

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/store"
)

// Options adjusts what NewUI does; the zero value is what the program uses, less the demo.
type Options struct {
	// Store options for cells the window creates (tests pass store.WithKDF(store.FastKDF)).
	Store []store.Option
	// Now is the clock for the watch list and the demo cell; nil means time.Now.
	Now func() time.Time
	// DemoIfEmpty makes a demo cell when the data folder has no cell at all, so a first start
	// has something to look at.
	DemoIfEmpty bool
	// Printer hands a PDF file to be printed; nil means the system's way (lp on Linux and
	// macOS; the PDF viewer on Windows). Tests pass a fake. It runs off the UI goroutine.
	Printer func(path string) error
}

// Demo cell: its code and its passphrase, which the start screen prints beside it.
const (
	demoCode       = "DEMO"
	demoPassphrase = "chibo-demo"
)

// UI is the window and what it shows: the start screen while no cell is open, the cell's
// screens while one is.
type UI struct {
	app     fyne.App
	win     fyne.Window
	dataDir string
	opts    Options

	// jobs counts the store calls running in the background (tests wait for them).
	jobs sync.WaitGroup
	// cellJobs counts those started while a cell was open: closing the cell waits for them,
	// so that locking never cuts a save short.
	cellJobs sync.WaitGroup
	// doMu runs the callbacks of background work one at a time. The desktop driver already runs
	// fyne.Do callbacks in turn on its own goroutine; the test driver runs each on the goroutine
	// that called fyne.Do, so without the lock two callbacks could touch widgets at once.
	doMu sync.Mutex
	// modals are the open dialogs, the top one last.
	modals []*modal
	// scrolls are the scrolling forms, by screen, for scrollIntoView.
	scrolls map[string]*container.Scroll

	start  *startScreen
	cell   *cellScreen   // nil while no cell is unlocked
	office *officeScreen // nil while no office profile is unlocked
}

// NewUI builds the window's content in w: the start screen, the theme and the language from
// the saved preferences, and the keyboard shortcuts.
func NewUI(a fyne.App, w fyne.Window, dataDir string, opts Options) *UI {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	u := &UI{app: a, win: w, dataDir: dataDir, opts: opts, scrolls: map[string]*container.Scroll{}}
	if l := a.Preferences().String(prefLanguage); l != "" {
		i18n.SetCurrent(i18n.Lang(l))
	}
	a.Settings().SetTheme(newTheme(textSizeOf(a.Preferences().String(prefTextSize))))
	for _, k := range []fyne.KeyName{fyne.KeyS, fyne.KeyF, fyne.KeyN, fyne.KeyL, fyne.KeyP, fyne.KeyE} {
		sc := &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
		w.Canvas().AddShortcut(sc, func(s fyne.Shortcut) { u.shortcut(s) })
	}
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyEscape:
			u.escape()
		case fyne.KeyReturn, fyne.KeyEnter:
			if m := u.topModal(); m != nil && m.submit != nil {
				m.submit()
			}
		}
	})
	w.SetCloseIntercept(u.closeWindow)
	u.showStart("")
	return u
}

// today is the calendar date by the UI's clock.
func (u *UI) today() store.Date { return store.DateOf(u.opts.Now()) }

// background runs work off the UI goroutine, then done on it. work must not touch widgets.
func (u *UI) background(work func(ctx context.Context), done func()) {
	u.jobs.Add(1)
	onCell := u.cell != nil || u.office != nil
	if onCell {
		u.cellJobs.Add(1)
	}
	go func() {
		defer u.jobs.Done()
		if onCell {
			defer u.cellJobs.Done()
		}
		work(context.Background())
		if done != nil {
			fyne.Do(func() {
				u.doMu.Lock()
				defer u.doMu.Unlock()
				done()
			})
		}
	}()
}

// onUI runs fn on the UI goroutine, one callback at a time like background's (for timers).
func (u *UI) onUI(fn func()) {
	fyne.Do(func() {
		u.doMu.Lock()
		defer u.doMu.Unlock()
		fn()
	})
}

// wait blocks until the background work started so far, and what it started, has finished.
func (u *UI) wait() { u.jobs.Wait() }

// showStart closes any open cell and shows the start screen; selectCode, when not empty, is
// the cell to select.
func (u *UI) showStart(selectCode string) {
	u.closeCell()
	u.closeOffice()
	u.start = u.newStartScreen(selectCode)
	u.win.SetContent(u.start.content())
	u.start.load()
}

// showCell shows the screens of an unlocked cell.
func (u *UI) showCell(c *store.Cell) {
	u.start = nil
	u.cell = u.newCellScreen(c, nil)
	u.win.SetContent(u.cell.content())
	u.cell.load(true)
}

// closeCell closes the open cell, if any, in the background (closing checkpoints the file),
// after the meeting being edited, if any, is written.
func (u *UI) closeCell() {
	if u.cell == nil {
		return
	}
	u.cell.flush()
	c := u.cell.cell
	u.cell = nil
	u.background(func(context.Context) {
		u.cellJobs.Wait()
		c.Close()
	}, nil)
}

// lock closes the cell and goes back to the start screen, after asking about unsaved changes.
func (u *UI) lock() {
	if u.cell == nil {
		return
	}
	code := u.cell.cell.Profile().Code
	if u.cell.dirty() {
		u.confirmDiscard(func() { u.showStart(code) })
		return
	}
	u.showStart(code)
}

// setLanguage switches the language at once, by building the screens anew, and saves it.
func (u *UI) setLanguage(l i18n.Lang) {
	if l == i18n.Current() {
		return
	}
	i18n.SetCurrent(l)
	u.app.Preferences().SetString(prefLanguage, string(l))
	u.win.SetTitle(i18n.L("ui.app.title"))
	switch {
	case u.office != nil:
		u.office = u.newOfficeScreen(u.office.off, u.office.page)
		u.win.SetContent(u.office.content())
	case u.cell != nil:
		u.cell = u.newCellScreen(u.cell.cell, u.cell)
		u.win.SetContent(u.cell.content())
		u.cell.load(false)
	case u.start != nil:
		sel := u.start.selectedCode()
		u.start = u.newStartScreen(sel)
		u.win.SetContent(u.start.content())
		u.start.load()
	}
}

// setTextSize applies a text size at once and saves it.
func (u *UI) setTextSize(key string) {
	u.app.Preferences().SetString(prefTextSize, key)
	u.app.Settings().SetTheme(newTheme(textSizeOf(key)))
}

// shortcut runs the window's own shortcuts and reports whether s was one of them. While a
// dialog is open only Ctrl+S (which submits it) does anything.
func (u *UI) shortcut(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || cs.Modifier != fyne.KeyModifierShortcutDefault {
		return false
	}
	if u.office != nil {
		return u.officeShortcut(cs.KeyName)
	}
	switch cs.KeyName {
	case fyne.KeyS, fyne.KeyF, fyne.KeyN, fyne.KeyL, fyne.KeyP, fyne.KeyE:
	default:
		return false
	}
	if m := u.topModal(); m != nil {
		if cs.KeyName == fyne.KeyS && m.submit != nil {
			m.submit()
		}
		return true
	}
	if u.cell == nil {
		return true
	}
	switch cs.KeyName {
	case fyne.KeyS:
		u.cell.save()
	case fyne.KeyF:
		u.cell.focusSearch()
	case fyne.KeyN:
		u.cell.newThing()
	case fyne.KeyL:
		u.lock()
	case fyne.KeyP:
		u.cell.print()
	case fyne.KeyE:
		u.cell.showPage(pageSync)
	}
	return true
}

// escape closes the top dialog and reports whether there was one.
func (u *UI) escape() bool {
	m := u.topModal()
	if m == nil {
		return false
	}
	if m.cancel != nil {
		m.cancel()
	} else {
		m.d.Hide()
	}
	return true
}

// modal is an open dialog with what Enter and Escape do in it.
type modal struct {
	d      *dialog.CustomDialog
	submit func()
	cancel func()
}

func (u *UI) topModal() *modal {
	if len(u.modals) == 0 {
		return nil
	}
	return u.modals[len(u.modals)-1]
}

// showModal shows a dialog with our own translated buttons (Fyne's "OK" and "Cancel" are not
// translated into Vietnamese). submit runs on Enter and Ctrl+S, cancel on Escape; either may be
// nil. width is the dialog's width, so that wrapped sentences in it have room.
func (u *UI) showModal(title string, content fyne.CanvasObject, buttons []fyne.CanvasObject, submit, cancel func(), width float32) *modal {
	m := &modal{d: dialog.NewCustomWithoutButtons(title, content, u.win), submit: submit, cancel: cancel}
	m.d.SetButtons(buttons)
	// Give the keyboard focus back to where it was (the button that opened the dialog), so
	// that someone using only the keyboard does not have to find their place again.
	back := u.win.Canvas().Focused()
	m.d.SetOnClosed(func() {
		for i, x := range u.modals {
			if x == m {
				u.modals = append(u.modals[:i], u.modals[i+1:]...)
				break
			}
		}
		if back != nil && u.win.Canvas().Focused() == nil {
			u.win.Canvas().Focus(back)
		}
	})
	u.modals = append(u.modals, m)
	m.d.Show()
	m.fit(width)
	return m
}

// fit resizes the dialog to width and to the height its content needs at that width.
func (m *modal) fit(width float32) {
	m.d.Resize(fyne.NewSize(width, 1))
	m.d.Resize(fyne.NewSize(width, m.d.MinSize().Height))
}

// confirm asks a yes/no question with our own button labels and runs yes on the second.
func (u *UI) confirm(title, message, noLabel, yesLabel string, yes func()) {
	var m *modal
	no := u.newButton(noLabel, widget.MediumImportance, func() { m.d.Hide() })
	ok := u.newButton(yesLabel, widget.HighImportance, func() {
		m.d.Hide()
		yes()
	})
	m = u.showModal(title, wrapped(message), []fyne.CanvasObject{no, ok}, nil, nil, 520)
	u.win.Canvas().Focus(no)
}

// confirmDiscard asks before unsaved changes are thrown away.
func (u *UI) confirmDiscard(discard func()) {
	u.confirm(i18n.L("ui.discard.title"), i18n.L("ui.discard.message"),
		i18n.L("ui.discard.keep"), i18n.L("ui.discard.discard"), discard)
}

// inform shows a sentence with one button to close it.
func (u *UI) inform(title, message string) {
	var m *modal
	ok := u.newButton(i18n.L("ui.close"), widget.HighImportance, func() { m.d.Hide() })
	m = u.showModal(title, wrapped(message), []fyne.CanvasObject{ok}, func() { m.d.Hide() }, nil, 560)
	u.win.Canvas().Focus(ok)
}

// errorText explains err in the current language (unknown errors are logged by i18n).
func errorText(err error) string { return i18n.Error(i18n.Current(), err) }
