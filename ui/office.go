package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/store"
	"chibo/sync/office"
)

// Pages of the office window, in the order of their navigation buttons and of their
// shortcuts Ctrl+1 … Ctrl+6.
const (
	officePageImport = iota
	officePageCells
	officePageReport
	officePageDocs
	officePageKeys
	officePageConflicts
)

// officeScreen is the window of an unlocked office profile (the party committee that receives
// its cells' bundles): a header with its name and code, the navigation buttons, and one page
// at a time.
type officeScreen struct {
	ui  *UI
	off *office.Office

	title   *widget.Label
	sub     *widget.Label
	nav     []*button
	header  *fyne.Container // the name and the navigation, laid out again when a button's text grows
	lockBtn *button
	pages   *fyne.Container
	page    int

	imports   *officeImportPage
	cells     *officeCellsPage
	report    *officeReportPage
	docs      *officeDocsPage
	keys      *officeKeysPage
	conflicts *officeConflictsPage

	// waiting is the "Đang nhập, xin chờ…" dialog shown while a lock or the closing of the
	// window waits for an import to finish; then is what runs after it.
	waiting *modal
	then    func()
}

// officeShortcutKeys are the keys that, with Ctrl, move between the pages.
var officeShortcutKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6}

func (u *UI) newOfficeScreen(o *office.Office, prevPage int) *officeScreen {
	scr := &officeScreen{
		ui:    u,
		off:   o,
		title: heading(""),
		sub:   &widget.Label{Truncation: fyne.TextTruncateEllipsis},
		pages: container.NewStack(),
	}
	names := []string{
		i18n.L("ui.office.nav.import"), i18n.L("ui.office.nav.cells"), i18n.L("ui.office.nav.report"),
		i18n.L("ui.office.nav.docs"), i18n.L("ui.office.nav.keys"), i18n.L("ui.office.nav.conflicts"),
	}
	for i, n := range names {
		scr.nav = append(scr.nav, u.newButton(n, widget.MediumImportance, func() { scr.showPage(i) }))
	}
	scr.lockBtn = u.newButton(i18n.L("ui.office.nav.lock"), widget.MediumImportance, u.lockOffice)
	scr.imports = scr.newImportPage()
	scr.cells = scr.newCellsPage()
	scr.report = scr.newReportPage()
	scr.docs = scr.newDocsPage()
	scr.keys = scr.newKeysPage()
	scr.conflicts = scr.newConflictsPage()
	scr.pages.Objects = []fyne.CanvasObject{scr.imports.content(), scr.cells.content(), scr.report.content(),
		scr.docs.content(), scr.keys.content(), scr.conflicts.content()}
	prof := o.Profile()
	scr.title.SetText(prof.Name)
	scr.sub.SetText(i18n.L("ui.office.header", map[string]any{"Code": prof.Code}))
	scr.showPage(prevPage)
	if scr.page != officePageConflicts {
		// The records waiting for a person show their number on their page's button.
		scr.conflicts.reload()
	}
	return scr
}

func (scr *officeScreen) content() fyne.CanvasObject {
	navObjs := make([]fyne.CanvasObject, 0, len(scr.nav)+2)
	for _, b := range scr.nav {
		navObjs = append(navObjs, b)
	}
	navObjs = append(navObjs, widget.NewSeparator(), scr.lockBtn)
	nav := container.NewHBox(navObjs...)
	hint := &widget.Label{Text: i18n.L("ui.office.keys_hint"), SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis}
	header := container.NewBorder(nil, nil, nil, container.NewCenter(nav), rowBox(scr.title, scr.sub))
	scr.header = header
	return container.NewPadded(border(container.NewVBox(header, hint, widget.NewSeparator()), nil, scr.pages))
}

// showPage shows one page, marks its button and loads what it shows.
func (scr *officeScreen) showPage(page int) {
	if page < 0 || page >= len(scr.nav) {
		page = officePageImport
	}
	scr.page = page
	for i, b := range scr.nav {
		if i == page {
			b.Importance = widget.HighImportance
			scr.pages.Objects[i].Show()
		} else {
			b.Importance = widget.MediumImportance
			scr.pages.Objects[i].Hide()
		}
		b.Refresh()
	}
	scr.pages.Refresh()
	switch page {
	case officePageImport:
		scr.imports.shown()
	case officePageCells:
		scr.cells.reload()
	case officePageReport:
		scr.report.reload()
	case officePageDocs:
		scr.docs.reload()
	case officePageKeys:
		scr.keys.fill()
	case officePageConflicts:
		scr.conflicts.reload()
		scr.ui.win.Canvas().Focus(scr.conflicts.list)
	}
}

// busy reports whether a long job (an import, an enrolment) is running: the office does one
// at a time, and the pages refuse to start another.
func (scr *officeScreen) busy() bool { return scr.imports.running }

// shortcut runs the office window's shortcuts: Ctrl+1 … Ctrl+6 move between the pages,
// Ctrl+L locks, Ctrl+N enrols a cell, Ctrl+P shows or prints the selected document. While a
// dialog is open only Ctrl+S (which submits it) does anything.
func (u *UI) officeShortcut(k fyne.KeyName) bool {
	scr := u.office
	if m := u.topModal(); m != nil {
		if k == fyne.KeyS && m.submit != nil {
			m.submit()
		}
		return k == fyne.KeyS || k == fyne.KeyL || k == fyne.KeyN || k == fyne.KeyP
	}
	for i, key := range officeShortcutKeys {
		if k == key {
			scr.showPage(i)
			return true
		}
	}
	switch k {
	case fyne.KeyL:
		u.lockOffice()
	case fyne.KeyN:
		scr.showPage(officePageCells)
		scr.cells.enrol(false)
	case fyne.KeyP:
		if scr.page == officePageDocs {
			scr.docs.print()
		}
	default:
		return false
	}
	return true
}

// addOfficeShortcuts registers Ctrl+1 … Ctrl+6 with the window (Ctrl+S, L, N and P are
// registered by NewUI for every screen).
func (u *UI) addOfficeShortcuts() {
	for _, k := range officeShortcutKeys {
		sc := &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
		u.win.Canvas().AddShortcut(sc, func(s fyne.Shortcut) { u.shortcut(s) })
	}
}

// showOffice shows the screens of an unlocked office.
func (u *UI) showOffice(o *office.Office) {
	u.start = nil
	u.addOfficeShortcuts()
	u.office = u.newOfficeScreen(o, officePageImport)
	u.win.SetContent(u.office.content())
}

// closeWindow is the window's close button. While an office imports, it waits: an import is
// one transaction and cutting it would be safe, but the receipts on the stick may be half
// written; the window says so and closes when the import has finished. Otherwise it asks
// about unsaved changes of a cell, closes what is open, and closes.
func (u *UI) closeWindow() {
	if u.office != nil && u.office.busy() {
		u.office.afterImport(func() {
			u.closeOffice()
			closeWin(u.win)
		})
		return
	}
	if u.cell != nil && u.cell.dirty() {
		u.confirmDiscard(func() { u.closeCell(); closeWin(u.win) })
		return
	}
	u.closeCell()
	u.closeOffice()
	closeWin(u.win)
}

// closeWin closes the window; tests replace it (the test driver's window closes only once).
var closeWin = func(w fyne.Window) { w.Close() }

// afterImport shows "Đang nhập, xin chờ…" and runs then once the running import has finished
// (the later request wins: closing the window after asking to lock closes it). Escape takes
// the request back.
func (scr *officeScreen) afterImport(then func()) {
	scr.then = then
	if scr.waiting != nil {
		return
	}
	u := scr.ui
	act := widget.NewActivity()
	act.Start()
	body := container.NewVBox(wrapped(i18n.L("ui.office.waiting")), container.NewCenter(act))
	var m *modal
	m = u.showModal(i18n.L("ui.office.busy_title"), body, nil, nil, func() {
		act.Stop()
		scr.waiting, scr.then = nil, nil
		m.d.Hide()
	}, 520)
	scr.waiting = m
}

// importDone runs, on the UI goroutine, when an import has finished: what waited for it runs.
func (scr *officeScreen) importDone() {
	then := scr.then
	if m := scr.waiting; m != nil {
		scr.waiting = nil
		m.d.Hide()
	}
	scr.then = nil
	if then != nil {
		then()
		return
	}
	scr.conflicts.reload()
}

// closeOffice closes the open office, if any, in the background, after the work it started.
func (u *UI) closeOffice() {
	if u.office == nil {
		return
	}
	o := u.office.off
	u.office = nil
	u.background(func(context.Context) {
		u.cellJobs.Wait()
		o.Close()
	}, nil)
}

// lockOffice closes the office and goes back to the start screen; while an import runs, which
// must finish its transaction and write its receipts, it says so and locks after it.
func (u *UI) lockOffice() {
	if u.office == nil {
		return
	}
	if u.office.busy() {
		u.office.afterImport(func() { u.showStart("") })
		return
	}
	u.showStart("")
}

// officeSection is the part of the start screen that lists the office profiles on this
// machine: most machines have none, so it stays one line until there is one.
type officeSection struct {
	ui     *UI
	rows   *fyne.Container
	note   *widget.Label
	create *button

	// changed lays the start screen out again when the section grows or shrinks.
	changed func()

	offices []office.Listed
	unlock  *unlockDialog     // the last passphrase dialog shown
	form    *officeCreateForm // the create form, once shown
	opens   []*button         // the "Mở" button of each office, in order
}

func (u *UI) newOfficeSection() *officeSection {
	s := &officeSection{ui: u, rows: container.NewVBox(), note: wrapped("")}
	s.create = u.newButton(i18n.L("ui.office.start.create"), widget.MediumImportance, s.showCreate)
	s.note.Hide()
	return s
}

func (s *officeSection) content() fyne.CanvasObject {
	return container.NewVBox(
		widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, s.create, subheading(i18n.L("ui.office.start.title"))),
		s.rows, s.note)
}

// load lists the office profiles in the background.
func (s *officeSection) load() {
	var offs []office.Listed
	var err error
	s.ui.background(func(ctx context.Context) {
		offs, err = office.List(ctx, s.ui.dataDir)
	}, func() {
		if err != nil {
			setShown(s.note, errorText(err))
			if s.changed != nil {
				s.changed()
			}
			return
		}
		s.show(offs)
	})
}

func (s *officeSection) show(offs []office.Listed) {
	s.offices = offs
	s.opens = nil
	s.rows.RemoveAll()
	for _, o := range offs {
		text := i18n.L("ui.office.start.row", map[string]any{"Name": o.Name, "Code": o.Code})
		open := s.ui.newButton(i18n.L("ui.office.start.open"), widget.MediumImportance, func() { s.open(o) })
		s.opens = append(s.opens, open)
		label := &widget.Label{Text: text, Truncation: fyne.TextTruncateEllipsis}
		if o.Problem != nil {
			label.Text = i18n.L("ui.office.start.row_problem", map[string]any{"Code": o.Code, "Problem": errorText(o.Problem)})
			label.Importance = widget.DangerImportance
		}
		s.rows.Add(container.NewBorder(nil, nil, nil, open, label))
	}
	setShown(s.note, "")
	if len(offs) == 0 {
		setShown(s.note, i18n.L("ui.office.start.none"))
	}
	if s.changed != nil {
		s.changed()
	}
}

func (s *officeSection) open(o office.Listed) {
	if o.Problem != nil {
		s.ui.inform(i18n.L("ui.start.damaged_title"), errorText(o.Problem))
		return
	}
	s.unlock = s.ui.showOfficeUnlock(o)
}

func (s *officeSection) showCreate() {
	s.form = s.ui.newOfficeCreateForm()
	s.ui.win.SetContent(s.form.content())
	// The wrapped sentences know their height only once they have their width.
	s.form.body.Refresh()
	s.ui.win.Canvas().Focus(s.form.code)
}

// showOfficeUnlock asks for an office's passphrase and opens the office.
func (u *UI) showOfficeUnlock(o office.Listed) *unlockDialog {
	return u.newUnlockDialog(i18n.L("ui.office.unlock.title"),
		i18n.L("ui.office.unlock.prompt", map[string]any{"Name": o.Name, "Code": o.Code}),
		i18n.L("ui.office.start.open"), nil,
		func(ctx context.Context, pass string) (func(), error) {
			off, err := office.Open(ctx, u.dataDir, o.Code, pass)
			return func() { u.showOffice(off) }, err
		})
}

// officeCreateForm makes a new office profile: its code, its name as its cells know it, its
// level, and its passphrase.
type officeCreateForm struct {
	profileForm
	code, name *entry
	level      *selectBox
	body       *fyne.Container
}

func (u *UI) newOfficeCreateForm() *officeCreateForm {
	f := &officeCreateForm{
		profileForm: u.newProfileForm(office.ErrOfficeExists),
		code:        u.newEntry(),
		name:        u.newEntry(),
		level:       u.newSelect(levelNames(), nil),
	}
	f.level.SetSelectedIndex(0)
	f.code.PlaceHolder = i18n.L("ui.office.create.code_hint")
	f.name.PlaceHolder = i18n.L("ui.office.create.name_hint")
	for _, e := range []*entry{f.code, f.name, f.pass, f.pass2} {
		e.OnSubmitted = func(string) { f.submit() }
	}
	f.fields = map[string]*field{
		"code":        newField(i18n.L("ui.office.create.code"), f.code),
		"name":        newField(i18n.L("ui.office.create.name"), f.name),
		"level":       newField(i18n.L("ui.office.create.level"), f.level),
		"passphrase":  newField(i18n.L("ui.create.pass"), f.pass),
		"passphrase2": newField(i18n.L("ui.create.pass2"), f.pass2),
	}
	f.create = u.newButton(i18n.L("ui.office.create.submit"), widget.HighImportance, f.submit)
	f.back = u.newButton(i18n.L("ui.back"), widget.MediumImportance, func() { u.showStart("") })
	return f
}

func (f *officeCreateForm) content() fyne.CanvasObject {
	fl := f.fields
	body := container.NewVBox(
		heading(i18n.L("ui.office.create.title")),
		wrapped(i18n.L("ui.office.create.intro")),
		f.summary,
		form(fl["code"], fl["name"], fl["level"]),
		subheading(i18n.L("ui.create.pass_section")),
		wrapped(i18n.L("ui.office.create.pass_intro")),
		form(fl["passphrase"], fl["passphrase2"]),
		container.NewHBox(f.create, f.back, f.activity),
	)
	f.body = body
	f.root = container.NewGridWithColumns(1, container.NewCenter(sized(body, 900)))
	return f.ui.scroll("office-create", container.NewPadded(f.root))
}

func (f *officeCreateForm) profile() office.Profile {
	p := office.Profile{Code: f.code.Text, Name: f.name.Text}
	if i := f.level.SelectedIndex(); i >= 0 {
		p.Level = store.OfficeLevels[i]
	}
	return p
}

// submit checks the passphrase fields here and leaves the rest to office.Create, whose
// refusals name their field; then it opens the new office.
func (f *officeCreateForm) submit() {
	if f.busy {
		return
	}
	f.clear()
	var bad []string
	if f.code.Text == "" {
		f.fields["code"].setError(i18n.L("ui.office.create.code_empty"))
		bad = append(bad, "code")
	}
	if f.name.Text == "" {
		f.fields["name"].setError(i18n.L("ui.office.create.name_empty"))
		bad = append(bad, "name")
	}
	bad = append(bad, f.checkPassphrases()...)
	if len(bad) > 0 {
		f.refuse(bad)
		return
	}
	f.setBusy(true)
	p, pass := f.profile(), f.pass.Text
	var o *office.Office
	var err error
	f.ui.background(func(ctx context.Context) {
		o, err = office.Create(ctx, f.ui.dataDir, p, pass, f.ui.opts.Store...)
	}, func() {
		f.setBusy(false)
		if err != nil {
			f.showError(err)
			return
		}
		f.ui.showOffice(o)
	})
}
