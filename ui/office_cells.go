package ui

import (
	"context"
	"log"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/sync/bundle"
	"chibo/sync/office"
)

// officeCellsPage lists the cells the office has enrolled and enrols new ones.
type officeCellsPage struct {
	scr *officeScreen

	list     *list
	msg      *widget.Label
	enrolBtn *button
	again    *button

	cells    []office.CellReport
	selected int
	enrolDlg *enrolDialog // the last enrolment dialog shown
}

func (scr *officeScreen) newCellsPage() *officeCellsPage {
	p := &officeCellsPage{scr: scr, msg: wrapped(""), selected: -1}
	p.list = newList(func() int { return len(p.cells) }, p.createRow, p.updateRow)
	p.list.OnSelected = func(id widget.ListItemID) {
		p.selected = id
		p.again.Enable()
	}
	p.enrolBtn = scr.ui.newButton(i18n.L("ui.office.cells.enrol"), widget.HighImportance, func() { p.enrol(false) })
	p.again = scr.ui.newButton(i18n.L("ui.office.cells.reenrol"), widget.MediumImportance, func() { p.enrol(true) })
	p.again.Disable()
	return p
}

func (p *officeCellsPage) content() fyne.CanvasObject {
	top := container.NewVBox(subheading(i18n.L("ui.office.cells.title")), wrapped(i18n.L("ui.office.cells.intro")), p.msg)
	return border(top, container.NewHBox(p.enrolBtn, p.again), p.list)
}

func (p *officeCellsPage) createRow() fyne.CanvasObject {
	name := extended(&widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis})
	line := extended(&widget.Label{Truncation: fyne.TextTruncateEllipsis})
	return rowBox(name, line)
}

func (p *officeCellsPage) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.cells) {
		return
	}
	c := p.cells[id]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(i18n.L("ui.office.cells.name", map[string]any{"Name": cellTitle(c.Name, c.Code), "Code": c.Code}))
	last := i18n.L("ui.office.cells.no_bundle")
	if c.LastSeq > 0 {
		last = i18n.L("ui.office.cells.last", map[string]any{"Seq": c.LastSeq, "Date": localDate(c.LastImport)})
	}
	box.Objects[1].(*widget.Label).SetText(i18n.L("ui.office.cells.line", map[string]any{"Fingerprint": c.Fingerprint, "Last": last}))
}

// reload reads the enrolled cells in the background.
func (p *officeCellsPage) reload() {
	var rep office.Report
	var err error
	scr := p.scr
	scr.ui.background(func(ctx context.Context) {
		rep, err = scr.off.Report(ctx)
	}, func() {
		if scr.ui.office != scr {
			return
		}
		if err != nil {
			setShown(p.msg, errorText(err))
			return
		}
		p.cells = rep.Cells
		p.selected = -1
		p.again.Disable()
		p.list.UnselectAll()
		p.list.Refresh()
		if len(p.cells) == 0 {
			setShown(p.msg, i18n.L("ui.office.cells.none"))
		} else {
			setShown(p.msg, "")
		}
	})
}

// enrol opens the enrolment dialog: for a new cell, or (replace) for the selected cell whose
// key was lost.
func (p *officeCellsPage) enrol(replace bool) {
	if p.scr.busy() {
		p.scr.ui.inform(i18n.L("ui.office.busy_title"), i18n.L("ui.office.busy"))
		return
	}
	cell := ""
	if replace {
		if p.selected < 0 || p.selected >= len(p.cells) {
			return
		}
		cell = p.cells[p.selected].Code
	}
	p.enrolDlg = p.scr.ui.showEnrolDialog(p.scr, cell, func() { p.reload() })
}

// enrolDialog enrols a cell's public key in two steps: first the key (a file or pasted text),
// then its fingerprint, large, which the operator must compare with the paper sheet the cell
// printed (or what was read over the phone) and confirm by typing its last group.
type enrolDialog struct {
	ui   *UI
	scr  *officeScreen
	cell string // the cell being enrolled again, "" for a new one
	done func()

	// Step 1.
	keyText  *entry
	fromFile *button
	// Step 2.
	fpLabel *widget.RichText
	who     *widget.Label
	confirm *entry
	reason  *entry
	code    *entry // the cell's code, asked for when a bare key names none
	codeBox *fyne.Container

	errMsg  *widget.Label
	step1   *fyne.Container
	step2   *fyne.Container
	next    *button
	enrolOK *button
	cancel  *button
	m       *modal

	key         office.CellKey // parsed at step 1
	fingerprint string         // its fingerprint
	busy        bool
}

func (u *UI) showEnrolDialog(scr *officeScreen, cell string, done func()) *enrolDialog {
	d := &enrolDialog{
		ui: u, scr: scr, cell: cell, done: done,
		keyText: u.newMultiLineEntry(),
		fpLabel: widget.NewRichText(),
		who:     wrapped(""),
		confirm: u.newEntry(),
		reason:  u.newEntry(),
		code:    u.newEntry(),
		errMsg:  errorLabel(),
	}
	d.code.PlaceHolder = i18n.L("ui.create.code_hint")
	d.code.OnSubmitted = func(string) { d.submit() }
	d.code.OnChanged = func(string) { d.checkConfirm() }
	d.keyText.SetMinRowsVisible(3)
	d.keyText.PlaceHolder = i18n.L("ui.office.enrol.paste_hint")
	d.confirm.PlaceHolder = i18n.L("ui.office.enrol.confirm_hint")
	d.confirm.OnChanged = func(string) { d.checkConfirm() }
	d.confirm.OnSubmitted = func(string) { d.submit() }
	d.reason.PlaceHolder = i18n.L("ui.office.enrol.reason_hint")
	d.reason.OnChanged = func(string) { d.checkConfirm() }
	d.fromFile = u.newButton(i18n.L("ui.office.enrol.from_file"), widget.MediumImportance, d.chooseFile)
	d.next = u.newButton(i18n.L("ui.office.enrol.next"), widget.HighImportance, d.parse)
	d.enrolOK = u.newButton(i18n.L("ui.office.enrol.submit"), widget.HighImportance, d.submit)
	d.cancel = u.newButton(i18n.L("ui.cancel"), widget.MediumImportance, d.close)

	intro := i18n.L("ui.office.enrol.intro")
	if cell != "" {
		intro = i18n.L("ui.office.enrol.intro_again", map[string]any{"Code": cell})
	}
	d.step1 = container.NewVBox(wrapped(intro), d.fromFile,
		&widget.Label{Text: i18n.L("ui.office.enrol.or_paste"), TextStyle: fyne.TextStyle{Bold: true}}, d.keyText)
	confirmLine := container.NewBorder(nil, nil,
		container.NewCenter(&widget.Label{Text: i18n.L("ui.office.enrol.confirm_label"), TextStyle: fyne.TextStyle{Bold: true}}), nil,
		d.confirm)
	d.codeBox = container.NewBorder(nil, nil,
		container.NewCenter(&widget.Label{Text: i18n.L("ui.office.enrol.code_label"), TextStyle: fyne.TextStyle{Bold: true}}), nil,
		d.code)
	d.codeBox.Hide()
	d.step2 = container.NewVBox(d.who, d.codeBox, container.NewCenter(d.fpLabel), wrapped(i18n.L("ui.office.enrol.compare")), confirmLine)
	if cell != "" {
		d.step2.Add(&widget.Label{Text: i18n.L("ui.office.enrol.reason"), TextStyle: fyne.TextStyle{Bold: true}})
		d.step2.Add(d.reason)
	}
	d.step2.Hide()
	d.enrolOK.Hide()
	content := container.NewVBox(d.step1, d.step2, d.errMsg)
	title := i18n.L("ui.office.enrol.title")
	if cell != "" {
		title = i18n.L("ui.office.enrol.title_again")
	}
	d.m = u.showModal(title, content, []fyne.CanvasObject{d.cancel, d.next, d.enrolOK}, d.submit, d.close, 680)
	u.win.Canvas().Focus(d.fromFile)
	return d
}

func (d *enrolDialog) close() {
	if !d.busy {
		d.m.d.Hide()
	}
}

// chooseFile reads a key file picked in the file dialog into the text box, then goes on.
func (d *enrolDialog) chooseFile() {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			log.Printf("chibo: file dialog: %v", err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		d.readFile(path)
	}, d.ui.win)
	fd.SetTitleText(i18n.L("ui.office.enrol.file_title"))
	fd.SetConfirmText(i18n.L("ui.office.enrol.file_choose"))
	fd.SetDismissText(i18n.L("ui.cancel"))
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".pub"}))
	if root := removableRoot(); root != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(root)); err == nil {
			fd.SetLocation(l)
		}
	}
	fd.Resize(fyne.NewSize(980, 600))
	fd.Show()
}

// readFile reads a key file (a few hundred bytes) in the background, then parses it.
func (d *enrolDialog) readFile(path string) {
	var b []byte
	var err error
	d.ui.background(func(context.Context) {
		var st os.FileInfo
		if st, err = os.Stat(path); err == nil && st.Size() > 64<<10 {
			b = nil // far too large for a key: parse refuses the empty text
			return
		}
		b, err = os.ReadFile(path)
	}, func() {
		if err != nil {
			log.Printf("chibo: read key file: %v", err)
			setShown(d.errMsg, i18n.L("ui.office.enrol.file_unreadable"))
			d.m.fit(680)
			return
		}
		d.keyText.SetText(string(b))
		d.parse()
	})
}

// parse reads the key at step 1 and, when it is one, shows step 2.
func (d *enrolDialog) parse() {
	if d.busy || d.step2.Visible() {
		return
	}
	setShown(d.errMsg, "")
	k, err := office.ParseCellKey([]byte(strings.TrimSpace(d.keyText.Text) + "\n"))
	if err != nil {
		d.showError(err)
		d.ui.win.Canvas().Focus(d.keyText)
		return
	}
	if d.cell != "" && k.Cell != "" && k.Cell != d.cell {
		setShown(d.errMsg, i18n.L("ui.office.enrol.other_cell", map[string]any{"Key": k.Cell, "Code": d.cell}))
		d.m.fit(680)
		return
	}
	d.key = k
	d.fingerprint = bundle.Fingerprint(k.Key)
	code := k.Cell
	if code == "" {
		code = d.cell
	}
	if code == "" {
		d.who.SetText(i18n.L("ui.office.enrol.who_bare"))
		d.codeBox.Show()
	} else {
		d.who.SetText(i18n.L("ui.office.enrol.who", map[string]any{"Name": cellTitle(k.Name, code), "Code": code}))
	}
	d.fpLabel.Segments = []widget.RichTextSegment{&widget.TextSegment{
		Text:  d.fingerprint,
		Style: widget.RichTextStyle{SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true, Monospace: true}},
	}}
	d.fpLabel.Refresh()
	d.step1.Hide()
	d.step2.Show()
	d.next.Hide()
	d.enrolOK.Show()
	d.checkConfirm()
	d.m.fit(680)
	d.ui.win.Canvas().Focus(d.confirm)
}

// lastGroup is the fingerprint's last group of digits, which the operator types to confirm.
func (d *enrolDialog) lastGroup() string {
	g := strings.Split(d.fingerprint, "-")
	return g[len(g)-1]
}

// confirmed reports whether the operator typed the last group (any case, spaces ignored) and,
// when enrolling again, gave a reason.
func (d *enrolDialog) confirmed() bool {
	typed := strings.ToLower(strings.Join(strings.Fields(d.confirm.Text), ""))
	if typed != strings.ToLower(d.lastGroup()) {
		return false
	}
	if d.codeBox.Visible() && strings.TrimSpace(d.code.Text) == "" {
		return false
	}
	return d.cell == "" || strings.TrimSpace(d.reason.Text) != ""
}

func (d *enrolDialog) checkConfirm() {
	if d.confirmed() && !d.busy {
		d.enrolOK.Enable()
	} else {
		d.enrolOK.Disable()
	}
}

// submit is Enter: at step 1 it reads the key; at step 2 it enrols, once confirmed.
func (d *enrolDialog) submit() {
	if d.busy {
		return
	}
	if !d.step2.Visible() {
		d.parse()
		return
	}
	if !d.confirmed() {
		key := "ui.office.enrol.confirm_wrong"
		typed := strings.ToLower(strings.Join(strings.Fields(d.confirm.Text), ""))
		switch {
		case typed != strings.ToLower(d.lastGroup()):
		case d.codeBox.Visible() && strings.TrimSpace(d.code.Text) == "":
			key = "ui.office.enrol.code_empty"
		default:
			key = "ui.office.enrol.reason_empty"
		}
		setShown(d.errMsg, i18n.L(key))
		d.m.fit(680)
		return
	}
	req := office.EnrollRequest{Cell: d.key.Cell, Name: d.key.Name, Key: d.key.Key,
		Replace: d.cell != "", Reason: strings.TrimSpace(d.reason.Text)}
	if req.Cell == "" {
		req.Cell = d.cell
	}
	if req.Cell == "" {
		req.Cell = strings.TrimSpace(d.code.Text)
	}
	d.setBusy(true)
	var res office.Enrolled
	var err error
	d.ui.background(func(ctx context.Context) {
		res, err = d.scr.off.Enroll(ctx, req)
	}, func() {
		d.setBusy(false)
		if err != nil {
			d.showError(err)
			return
		}
		d.m.d.Hide()
		key := "ui.office.enrol.done"
		switch {
		case res.Already:
			key = "ui.office.enrol.already"
		case res.Replaced:
			key = "ui.office.enrol.replaced"
		}
		d.ui.inform(i18n.L("ui.office.enrol.done_title"), i18n.L(key,
			map[string]any{"Name": cellTitle(res.Name, res.Cell), "Code": res.Cell, "Fingerprint": res.Fingerprint}))
		if d.done != nil {
			d.done()
		}
	})
}

func (d *enrolDialog) showError(err error) {
	setShown(d.errMsg, errorText(err))
	d.m.fit(680)
}

func (d *enrolDialog) setBusy(b bool) {
	d.busy = b
	for _, w := range []fyne.Disableable{d.cancel, d.confirm, d.reason, d.code} {
		if b {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	d.checkConfirm()
}

// cellTitle is a cell's name, or its code when the name is not known.
func cellTitle(name, code string) string {
	if name == "" {
		return code
	}
	return name
}
