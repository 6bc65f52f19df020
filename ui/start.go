package ui

import (
	"context"
	"fmt"
	"regexp"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chibo/demo"
	"chibo/i18n"
	"chibo/store"
)

// startScreen lists the cells on the machine and opens one with its passphrase.
type startScreen struct {
	ui *UI

	language *selectBox
	textSize *selectBox
	list     *list
	detail   *widget.Label // the selected cell's note or problem, in full
	busy     *widget.ProgressBarInfinite
	busyText *widget.Label
	open     *button
	create   *button
	demo     *button

	cells    []store.CellSummary
	selected int // index into cells, or -1
	wantCode string
	unlock   *unlockDialog // the last passphrase dialog shown
	form     *createForm   // the create-cell form, once shown
	offices  *officeSection
}

var demoCodePattern = regexp.MustCompile(`^DEMO[0-9]*$`)

// isDemo reports whether a cell is a demo cell, whose passphrase the start screen prints.
func isDemo(code string) bool { return demoCodePattern.MatchString(code) }

func (u *UI) newStartScreen(selectCode string) *startScreen {
	s := &startScreen{
		ui:       u,
		detail:   &widget.Label{Wrapping: fyne.TextWrapWord},
		busy:     widget.NewProgressBarInfinite(),
		busyText: &widget.Label{},
		selected: -1,
		wantCode: selectCode,
		offices:  u.newOfficeSection(),
	}
	s.language, s.textSize = u.languageAndSizeSelects()
	s.list = newList(s.length, s.createRow, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.list.onEnter = s.openSelected
	s.open = u.newButton(i18n.L("ui.start.open"), widget.HighImportance, s.openSelected)
	s.create = u.newButton(i18n.L("ui.start.create"), widget.MediumImportance, s.showCreate)
	s.demo = u.newButton(i18n.L("ui.start.demo"), widget.MediumImportance, s.createDemo)
	s.open.Disable()
	s.busy.Stop()
	s.busy.Hide()
	s.busyText.Hide()
	return s
}

// languageAndSizeSelects are the two choices every screen offers at the top: the language and
// the text size, so that both can be set before a cell is opened.
func (u *UI) languageAndSizeSelects() (*selectBox, *selectBox) {
	langs := []i18n.Lang{i18n.VI, i18n.EN}
	langNames := []string{i18n.L("ui.lang.vi"), i18n.L("ui.lang.en")}
	language := u.newSelect(langNames, nil)
	for i, l := range langs {
		if l == i18n.Current() {
			language.SetSelectedIndex(i)
		}
	}
	language.OnChanged = func(string) {
		if i := language.SelectedIndex(); i >= 0 {
			u.setLanguage(langs[i])
		}
	}
	sizeNames := make([]string, len(textSizes))
	cur := u.app.Preferences().String(prefTextSize)
	size := u.newSelect(nil, nil)
	for i, t := range textSizes {
		sizeNames[i] = i18n.L("ui.size." + t.key)
	}
	size.Options = sizeNames
	size.SetSelectedIndex(0)
	for i, t := range textSizes {
		if t.key == cur {
			size.SetSelectedIndex(i)
		}
	}
	size.OnChanged = func(string) {
		if i := size.SelectedIndex(); i >= 0 {
			u.setTextSize(textSizes[i].key)
		}
	}
	return language, size
}

func (s *startScreen) content() fyne.CanvasObject {
	top := container.NewBorder(nil, nil, nil,
		container.NewHBox(
			container.NewCenter(&widget.Label{Text: i18n.L("ui.settings.language"), TextStyle: fyne.TextStyle{Bold: true}}),
			sized(s.language, selectWidth(s.language.Options)),
			container.NewCenter(&widget.Label{Text: i18n.L("ui.settings.text_size"), TextStyle: fyne.TextStyle{Bold: true}}),
			sized(s.textSize, selectWidth(s.textSize.Options))),
		heading(i18n.L("ui.app.title")))
	header := container.NewVBox(top, wrapped(i18n.L("ui.start.hint")))
	bottom := container.NewVBox(
		s.detail,
		s.busyText, s.busy,
		container.NewHBox(s.open, s.create, layout.NewSpacer(), s.demo),
		s.offices.content(),
	)
	root := border(header, bottom, s.list)
	s.offices.changed = root.Refresh
	return container.NewPadded(root)
}

// load lists the cells in the background; with DemoIfEmpty and no cell yet, it first makes
// the demo cell.
func (s *startScreen) load() {
	s.offices.load()
	var cells []store.CellSummary
	var err error
	s.ui.background(func(ctx context.Context) {
		cells, err = store.ListCells(ctx, s.ui.dataDir)
	}, func() {
		if err != nil {
			s.detail.SetText(errorText(err))
			return
		}
		if len(cells) == 0 && s.ui.opts.DemoIfEmpty {
			s.ui.opts.DemoIfEmpty = false
			s.makeDemo(demoCode)
			return
		}
		s.show(cells)
	})
}

func (s *startScreen) show(cells []store.CellSummary) {
	s.cells = cells
	s.selected = -1
	s.list.UnselectAll()
	s.list.Refresh()
	want := s.wantCode
	if want == "" && len(cells) == 1 {
		want = cells[0].Code
	}
	for i, c := range cells {
		if c.Code == want {
			s.list.Select(i)
			s.list.ScrollTo(i)
		}
	}
	if len(cells) == 0 {
		s.detail.SetText(i18n.L("ui.start.empty"))
	} else if s.selected < 0 {
		s.detail.SetText("")
	}
}

func (s *startScreen) selectedCode() string {
	if s.selected < 0 || s.selected >= len(s.cells) {
		return ""
	}
	return s.cells[s.selected].Code
}

func (s *startScreen) length() int { return len(s.cells) }

func (s *startScreen) createRow() fyne.CanvasObject {
	name := &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText, Truncation: fyne.TextTruncateEllipsis}
	office := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	note := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	return rowBox(name, office, note)
}

func (s *startScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.cells) {
		return
	}
	c := s.cells[id]
	box := o.(*fyne.Container)
	name, office, note := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label), box.Objects[2].(*widget.Label)
	title := c.Name
	if title == "" {
		title = c.Code
	}
	name.SetText(title)
	office.SetText(i18n.L("ui.start.office_code", map[string]any{"Office": c.OfficeName, "Code": c.Code}))
	switch {
	case c.Problem != nil:
		note.Importance = widget.DangerImportance
		note.SetText(errorText(c.Problem))
	case isDemo(c.Code):
		note.Importance = widget.HighImportance
		note.SetText(i18n.L("ui.start.demo_note", map[string]any{"Passphrase": demoPassphrase}))
	default:
		note.Importance = widget.MediumImportance
		note.SetText("")
	}
}

func (s *startScreen) onSelected(id widget.ListItemID) {
	if id >= len(s.cells) {
		return
	}
	s.selected = id
	c := s.cells[id]
	s.open.Enable()
	switch {
	case c.Problem != nil:
		s.detail.Importance = widget.DangerImportance
		s.detail.SetText(errorText(c.Problem))
	case isDemo(c.Code):
		s.detail.Importance = widget.HighImportance
		s.detail.SetText(i18n.L("ui.start.demo_note_long", map[string]any{"Passphrase": demoPassphrase}))
	default:
		s.detail.Importance = widget.MediumImportance
		s.detail.SetText(i18n.L("ui.start.selected", map[string]any{"Name": c.Name}))
	}
}

func (s *startScreen) openSelected() {
	if s.selected < 0 || s.selected >= len(s.cells) {
		return
	}
	c := s.cells[s.selected]
	if c.Problem != nil {
		s.ui.inform(i18n.L("ui.start.damaged_title"), errorText(c.Problem))
		return
	}
	s.unlock = s.ui.showUnlock(c)
}

func (s *startScreen) showCreate() {
	s.form = s.ui.newCreateForm()
	s.ui.win.SetContent(s.form.content())
	s.ui.win.Canvas().Focus(s.form.code)
}

// createDemo makes another demo cell under the first free code DEMO, DEMO2, DEMO3 …
func (s *startScreen) createDemo() {
	taken := map[string]bool{}
	for _, c := range s.cells {
		taken[c.Code] = true
	}
	code := demoCode
	for i := 2; taken[code]; i++ {
		code = fmt.Sprintf("%s%d", demoCode, i)
	}
	s.makeDemo(code)
}

// makeDemo creates a demo cell in the background (the key derivation alone takes half a second
// and the sample members more), showing progress, then lists the cells with it selected.
func (s *startScreen) makeDemo(code string) {
	s.setBusy(i18n.L("ui.start.demo_busy"))
	var err error
	s.ui.background(func(ctx context.Context) {
		var c *store.Cell
		c, err = demo.Create(ctx, s.ui.dataDir, code, demoPassphrase, s.ui.today(), s.ui.opts.Store...)
		if err == nil {
			c.Close()
		}
	}, func() {
		s.setBusy("")
		if err != nil {
			s.detail.Importance = widget.DangerImportance
			s.detail.SetText(errorText(err))
			return
		}
		s.wantCode = code
		s.load()
	})
}

func (s *startScreen) setBusy(text string) {
	setShown(s.busyText, text)
	if text == "" {
		s.busy.Stop()
		s.busy.Hide()
		s.demo.Enable()
		s.create.Enable()
		return
	}
	s.busy.Show()
	s.busy.Start()
	s.demo.Disable()
	s.create.Disable()
}

// unlockDialog asks for the passphrase of a cell or an office profile, and opens it in the
// background (argon2 takes about half a second, during which the window must go on drawing).
type unlockDialog struct {
	ui       *UI
	pass     *entry
	errMsg   *widget.Label
	activity *widget.Activity
	cancel   *button
	open     *button
	m        *modal
	busy     bool
	// unlock opens with the passphrase and returns what to show once it is open.
	unlock func(ctx context.Context, pass string) (show func(), err error)
}

// newUnlockDialog shows the dialog: its title, the prompt, an optional note under the field,
// the label of the open button, and what opening does.
func (u *UI) newUnlockDialog(title, prompt, openLabel string, note fyne.CanvasObject,
	unlock func(ctx context.Context, pass string) (func(), error)) *unlockDialog {
	d := &unlockDialog{
		ui:       u,
		pass:     u.newPasswordEntry(),
		errMsg:   errorLabel(),
		activity: widget.NewActivity(),
		unlock:   unlock,
	}
	d.pass.PlaceHolder = i18n.L("ui.unlock.placeholder")
	d.pass.OnSubmitted = func(string) { d.submit() }
	d.cancel = u.newButton(i18n.L("ui.cancel"), widget.MediumImportance, d.close)
	d.open = u.newButton(openLabel, widget.HighImportance, d.submit)
	d.activity.Hide()
	content := container.NewVBox(wrapped(prompt), d.pass, d.errMsg, container.NewCenter(d.activity))
	if note != nil {
		content.Add(note)
	}
	d.m = u.showModal(title, content, []fyne.CanvasObject{d.cancel, d.open}, d.submit, d.close, 560)
	u.win.Canvas().Focus(d.pass)
	return d
}

// showUnlock asks for a cell's passphrase and opens the cell.
func (u *UI) showUnlock(c store.CellSummary) *unlockDialog {
	var note fyne.CanvasObject
	if isDemo(c.Code) {
		note = &widget.Label{Text: i18n.L("ui.start.demo_note", map[string]any{"Passphrase": demoPassphrase}),
			Importance: widget.HighImportance, Wrapping: fyne.TextWrapWord}
	}
	return u.newUnlockDialog(i18n.L("ui.unlock.title"),
		i18n.L("ui.unlock.prompt", map[string]any{"Name": c.Name, "Code": c.Code}), i18n.L("ui.start.open"), note,
		func(ctx context.Context, pass string) (func(), error) {
			cell, err := store.OpenCell(ctx, u.dataDir, c.Code, pass)
			return func() { u.showCell(cell) }, err
		})
}

func (d *unlockDialog) close() {
	if !d.busy {
		d.m.d.Hide()
	}
}

func (d *unlockDialog) submit() {
	if d.busy {
		return
	}
	pass := d.pass.Text
	if pass == "" {
		setShown(d.errMsg, i18n.L("ui.unlock.empty"))
		d.m.fit(560)
		d.ui.win.Canvas().Focus(d.pass)
		return
	}
	d.setBusy(true)
	var show func()
	var err error
	d.ui.background(func(ctx context.Context) {
		show, err = d.unlock(ctx, pass)
	}, func() {
		d.setBusy(false)
		if err != nil {
			// A wrong passphrase, or a *store.WaitError that says how many seconds to wait.
			setShown(d.errMsg, errorText(err))
			d.pass.SetText("")
			d.m.fit(560)
			d.ui.win.Canvas().Focus(d.pass)
			return
		}
		d.m.d.Hide()
		show()
	})
}

func (d *unlockDialog) setBusy(b bool) {
	d.busy = b
	if b {
		setShown(d.errMsg, "")
		d.activity.Show()
		d.activity.Start()
		d.pass.Disable()
		d.open.Disable()
		d.cancel.Disable()
		return
	}
	d.activity.Stop()
	d.activity.Hide()
	d.pass.Enable()
	d.open.Enable()
	d.cancel.Enable()
}
