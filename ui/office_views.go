package ui

import (
	"context"
	"fmt"
	"io"
	"log"
	"path"
	"path/filepath"
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/rules"
	"chibo/store"
	"chibo/sync/office"
)

// Columns of the consolidated table: the cell, official and probationary members, then one
// column per month, then the attendance rate and the records waiting for a person.
const (
	repColCell = iota
	repColOfficial
	repColProbationary
	repColFirstMonth
)

const repMonths = 12

// officeReportPage is the consolidated view: one row per cell with its members, the meetings
// it held in each of the last twelve months, its attendance rate and what waits for a person;
// the selected cell's roster and meetings below.
type officeReportPage struct {
	scr *officeScreen

	table    *widget.Table
	msg      *widget.Label
	legend   fyne.CanvasObject
	detail   *widget.Label
	roster   *list
	meetings *list
	lower    *fyne.Container
	root     fyne.CanvasObject

	rep      office.Report
	selected string // code of the cell shown below
	members  []memberRow
	meets    []meetingRow
}

// memberRow and meetingRow are a cell's member and meeting as the lists below the table show
// them, worked out off the UI goroutine.
type memberRow struct{ name, state, birth string }

type meetingRow struct {
	date, kind        string
	present, expected int
}

func (scr *officeScreen) newReportPage() *officeReportPage {
	p := &officeReportPage{scr: scr, msg: wrapped(""), detail: subheading("")}
	p.table = widget.NewTable(p.size, p.createCell, p.updateCell)
	p.table.ShowHeaderRow = true
	p.table.CreateHeader = func() fyne.CanvasObject {
		text := canvas.NewText("", theme.Color(theme.ColorNameForeground))
		text.TextStyle = fyne.TextStyle{Bold: true}
		return container.NewStack(
			extended(&widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}),
			container.NewCenter(text))
	}
	p.table.UpdateHeader = p.updateHeader
	p.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(p.rep.Cells) {
			p.showCell(p.rep.Cells[id.Row].Code)
		}
	}
	p.setWidths()
	p.roster = newList(func() int { return len(p.members) }, p.createMember, p.updateMember)
	p.meetings = newList(func() int { return len(p.meets) }, p.createMeeting, p.updateMeeting)
	p.legend = container.NewHBox(
		widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon())), widget.NewLabel(i18n.L("ui.office.report.legend_held")),
		widget.NewIcon(theme.NewErrorThemedResource(theme.CancelIcon())), widget.NewLabel(i18n.L("ui.office.report.legend_missed")),
		widget.NewLabel(i18n.L("ui.office.report.legend_none")))
	p.detail.Hide()
	return p
}

func (p *officeReportPage) content() fyne.CanvasObject {
	top := container.NewVBox(subheading(i18n.L("ui.office.report.title")), p.msg, p.legend)
	upper := border(top, nil, p.table)
	rosterBox := border(&widget.Label{Text: i18n.L("ui.office.report.roster"), TextStyle: fyne.TextStyle{Bold: true}}, nil, p.roster)
	meetBox := border(&widget.Label{Text: i18n.L("ui.office.report.meetings"), TextStyle: fyne.TextStyle{Bold: true}}, nil, p.meetings)
	lower := border(p.detail, nil, container.NewGridWithColumns(2, rosterBox, meetBox))
	p.lower = lower
	split := container.NewVSplit(upper, lower)
	split.Offset = 0.55
	p.root = split
	return split
}

func (p *officeReportPage) size() (int, int) {
	return len(p.rep.Cells), repColFirstMonth + repMonths + 2
}

// The last three columns.
func (p *officeReportPage) colAttendance() int { return repColFirstMonth + repMonths }
func (p *officeReportPage) colConflicts() int  { return repColFirstMonth + repMonths + 1 }

// setWidths sizes the columns to their headings and the month columns to "00/00", which they
// draw without a label's padding so that twelve of them fit beside the names at 1366 pixels;
// the names' column takes the longest name shown, within bounds.
func (p *officeReportPage) setWidths() {
	size := theme.TextSize()
	bold := fyne.TextStyle{Bold: true}
	label := func(s string) float32 {
		return fyne.MeasureText(s, size, bold).Width + 4*theme.InnerPadding()
	}
	text := func(s string) float32 {
		return fyne.MeasureText(s, size, bold).Width + 4*theme.Padding()
	}
	name := label(i18n.L("ui.office.report.col_cell"))
	for _, c := range p.rep.Cells {
		name = max(name, label(p.cellText(c)))
	}
	p.table.SetColumnWidth(repColCell, min(name, label("Chi bộ thôn Nậm Chảy Thượng (NAMCHAYT) — chưa có gói")))
	p.table.SetColumnWidth(repColOfficial, text(i18n.L("ui.office.report.col_official")))
	p.table.SetColumnWidth(repColProbationary, text(i18n.L("ui.office.report.col_probationary")))
	month := max(fyne.MeasureText("00/00", size, bold).Width, theme.IconInlineSize()+fyne.MeasureText("00", size, bold).Width) +
		2*theme.Padding()
	for i := 0; i < repMonths; i++ {
		p.table.SetColumnWidth(repColFirstMonth+i, month)
	}
	p.table.SetColumnWidth(p.colAttendance(), text(i18n.L("ui.office.report.col_attendance")))
	p.table.SetColumnWidth(p.colConflicts(), text(i18n.L("ui.office.report.col_conflicts")))
}

// cellText is what the first column says of a cell.
func (p *officeReportPage) cellText(c office.CellReport) string {
	args := map[string]any{"Name": cellTitle(c.Name, c.Code), "Code": c.Code}
	if c.LastSeq == 0 {
		return i18n.L("ui.office.report.cell_no_bundle", args)
	}
	return i18n.L("ui.office.cells.name", args)
}

func (p *officeReportPage) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	stack := o.(*fyne.Container)
	l := stack.Objects[0].(*widget.Label)
	text := stack.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text)
	text.Text = ""
	text.TextSize = theme.TextSize()
	text.Color = theme.Color(theme.ColorNameForeground)
	defer text.Refresh()
	switch {
	case id.Row >= 0:
		l.SetText("")
	case id.Col == repColCell:
		l.SetText(i18n.L("ui.office.report.col_cell"))
	case id.Col == repColOfficial:
		l.SetText("")
		text.Text = i18n.L("ui.office.report.col_official")
	case id.Col == repColProbationary:
		l.SetText("")
		text.Text = i18n.L("ui.office.report.col_probationary")
	case id.Col == p.colAttendance():
		l.SetText("")
		text.Text = i18n.L("ui.office.report.col_attendance")
	case id.Col == p.colConflicts():
		l.SetText("")
		text.Text = i18n.L("ui.office.report.col_conflicts")
	default:
		l.SetText("")
		text.Text = monthHeader(p.rep.Months, id.Col-repColFirstMonth)
	}
}

// monthHeader is "03/26" for the i-th month of the report.
func monthHeader(months []office.Month, i int) string {
	if i < 0 || i >= len(months) {
		return ""
	}
	return fmt.Sprintf("%02d/%02d", months[i].Month, months[i].Year%100)
}

// A table cell holds a label and an icon; a month shows the icon (a tick for a month with a
// meeting, a cross for one without) and the number of meetings, the others only the label.
func (p *officeReportPage) createCell() fyne.CanvasObject {
	return container.NewStack(
		extended(&widget.Label{Truncation: fyne.TextTruncateEllipsis, TextStyle: fyne.TextStyle{Bold: true}}),
		container.NewCenter(container.New(layout.NewCustomPaddedHBoxLayout(0), widget.NewIcon(nil), canvas.NewText("", theme.Color(theme.ColorNameForeground)))))
}

func (p *officeReportPage) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Row >= len(p.rep.Cells) {
		return
	}
	c := p.rep.Cells[id.Row]
	stack := o.(*fyne.Container)
	label := stack.Objects[0].(*widget.Label)
	mark := stack.Objects[1].(*fyne.Container)
	row := mark.Objects[0].(*fyne.Container)
	icon, count := row.Objects[0].(*widget.Icon), row.Objects[1].(*canvas.Text)
	count.TextSize = theme.TextSize()
	count.Color = theme.Color(theme.ColorNameForeground)
	// The name is a label, which truncates; every other column draws its text without a
	// label's padding, so that all columns fit at 1366 pixels.
	label.Importance = widget.MediumImportance
	label.Text = ""
	icon.SetResource(nil)
	count.Text = ""
	count.TextStyle = fyne.TextStyle{}
	switch col := id.Col; {
	case col == repColCell:
		label.Text = p.cellText(c)
		if c.LastSeq == 0 {
			label.Importance = widget.WarningImportance
		}
	case col == repColOfficial:
		count.Text = fmt.Sprint(c.Members[store.StateOfficial])
	case col == repColProbationary:
		count.Text = fmt.Sprint(c.Members[store.StateProbationary])
	case col == p.colAttendance():
		if c.Expected == 0 {
			count.Text = "—"
		} else {
			count.Text = fmt.Sprintf("%.0f %%", c.Rate*100)
		}
	case col == p.colConflicts():
		count.Text = fmt.Sprint(c.Conflicts)
		if c.Conflicts > 0 {
			count.Color = theme.Color(theme.ColorNameWarning)
			count.TextStyle = fyne.TextStyle{Bold: true}
		}
	default:
		i := col - repColFirstMonth
		switch {
		case i >= len(c.Months) || c.LastSeq == 0:
			// Nothing known: no bundle yet.
			icon.SetResource(nil)
			count.Text = "·"
		case c.Months[i].Regular > 0:
			icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
			count.Text = fmt.Sprint(c.Months[i].Regular + c.Months[i].Thematic)
		case c.Months[i].Missed:
			icon.SetResource(theme.NewErrorThemedResource(theme.CancelIcon()))
			count.Text = "0"
		default:
			// The current month, not over yet.
			icon.SetResource(nil)
			count.Text = "·"
		}
	}
	if icon.Resource == nil {
		icon.Hide()
	} else {
		icon.Show()
	}
	row.Refresh()
	mark.Refresh()
	label.Refresh()
}

// reload reads the report in the background.
func (p *officeReportPage) reload() {
	var rep office.Report
	var err error
	scr := p.scr
	today := scr.ui.today()
	scr.ui.background(func(ctx context.Context) {
		rep, err = scr.off.ReportAt(ctx, today)
	}, func() {
		if scr.ui.office != scr {
			return
		}
		if err != nil {
			setShown(p.msg, errorText(err))
			return
		}
		p.rep = rep
		if len(rep.Cells) == 0 {
			setShown(p.msg, i18n.L("ui.office.report.none"))
		} else {
			setShown(p.msg, i18n.L("ui.office.report.intro", map[string]any{"Count": len(rep.Cells)}))
		}
		p.setWidths()
		p.table.Refresh()
		if p.selected != "" {
			p.showCell(p.selected)
		}
	})
}

// showCell reads a cell's roster and meetings in the background and shows them below.
func (p *officeReportPage) showCell(code string) {
	p.selected = code
	var members []memberRow
	var meets []meetingRow
	var err error
	scr := p.scr
	scr.ui.background(func(ctx context.Context) {
		var ms []store.Member
		if ms, err = scr.off.Roster(ctx, code); err != nil {
			return
		}
		for _, m := range ms {
			birth := ""
			if m.BirthDate.Valid() {
				birth = fmt.Sprint(m.BirthDate.Time().Year())
			}
			members = append(members, memberRow{name: m.FullName, state: stateText(m.State, m.Flags), birth: birth})
		}
		var mts []store.Meeting
		if mts, err = scr.off.Meetings(ctx, code); err != nil {
			return
		}
		mts = store.Effective(mts)
		sort.SliceStable(mts, func(i, j int) bool { return mts[i].Date.After(mts[j].Date) })
		for _, m := range mts {
			t := rules.AttendanceTotals(rules.Attendees(m.Body.Attendance))
			meets = append(meets, meetingRow{date: m.Date.DMY(), kind: i18n.L("ui.meeting.kind." + m.Kind),
				present: t.Present, expected: t.Summoned})
		}
	}, func() {
		if scr.ui.office != scr || p.selected != code {
			return
		}
		if err != nil {
			setShown(p.detail, errorText(err))
			p.lower.Refresh()
			return
		}
		name := code
		for _, c := range p.rep.Cells {
			if c.Code == code {
				name = cellTitle(c.Name, c.Code)
			}
		}
		setShown(p.detail, i18n.L("ui.office.report.detail", map[string]any{"Name": name, "Code": code}))
		p.lower.Refresh()
		p.members, p.meets = members, meets
		p.roster.Refresh()
		p.meetings.Refresh()
	})
}

func (p *officeReportPage) createMember() fyne.CanvasObject {
	return container.NewBorder(nil, nil, container.New(textWidth("000."), extended(&widget.Label{Alignment: fyne.TextAlignTrailing})), nil,
		extended(&widget.Label{Truncation: fyne.TextTruncateEllipsis}))
}

func (p *officeReportPage) updateMember(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.members) {
		return
	}
	m := p.members[id]
	box := o.(*fyne.Container)
	box.Objects[1].(*fyne.Container).Objects[0].(*widget.Label).SetText(fmt.Sprintf("%d.", id+1))
	key := "ui.office.report.member"
	if m.birth == "" {
		key = "ui.office.report.member_nobirth"
	}
	box.Objects[0].(*widget.Label).SetText(i18n.L(key, map[string]any{"Name": m.name, "State": m.state, "Birth": m.birth}))
}

func (p *officeReportPage) createMeeting() fyne.CanvasObject {
	return extended(&widget.Label{Truncation: fyne.TextTruncateEllipsis})
}

func (p *officeReportPage) updateMeeting(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.meets) {
		return
	}
	m := p.meets[id]
	o.(*widget.Label).SetText(i18n.L("ui.office.report.meeting", map[string]any{
		"Date": m.date, "Kind": m.kind, "Present": m.present, "Expected": m.expected}))
}

// officeDocsPage lists the approved documents of a cell, with their PDFs to view, print or
// save.
type officeDocsPage struct {
	scr *officeScreen

	cellSel *selectBox
	list    *list
	msg     *widget.Label
	view    *button
	save    *button

	codes    []string
	docs     []docRow
	selected int
}

// docRow is a document with what its meeting says about it: the date, the number and the
// short code printed on the paper copy.
type docRow struct {
	doc    office.Document
	date   string
	number int
	short  string
}

// docRows joins a cell's documents with its meetings.
func docRows(docs []office.Document, meetings []store.Meeting) []docRow {
	byID := make(map[string]store.Meeting, len(meetings))
	for _, m := range meetings {
		byID[m.ID] = m
	}
	out := make([]docRow, 0, len(docs))
	for _, d := range docs {
		r := docRow{doc: d, date: localDate(d.ImportedAt)}
		if m, ok := byID[d.MeetingID]; ok {
			r.date, r.number, r.short = m.Date.DMY(), m.Number, store.ShortCode(m.RecordHash)
			if d.Kind == "resolution" && m.ResolutionNumber > 0 {
				r.number = m.ResolutionNumber
			}
		}
		out = append(out, r)
	}
	return out
}

func (scr *officeScreen) newDocsPage() *officeDocsPage {
	u := scr.ui
	p := &officeDocsPage{scr: scr, msg: wrapped(""), selected: -1}
	p.cellSel = u.newSelect(nil, func(string) { p.loadDocs() })
	p.list = newList(func() int { return len(p.docs) }, p.createRow, p.updateRow)
	p.list.OnSelected = func(id widget.ListItemID) {
		p.selected = id
		p.view.Enable()
		p.save.Enable()
	}
	p.list.onEnter = p.print
	p.view = u.newButton(i18n.L("ui.office.docs.view"), widget.HighImportance, p.print)
	p.save = u.newButton(i18n.L("ui.office.docs.save"), widget.MediumImportance, p.savePDF)
	p.view.Disable()
	p.save.Disable()
	return p
}

func (p *officeDocsPage) content() fyne.CanvasObject {
	top := container.NewVBox(
		subheading(i18n.L("ui.office.docs.title")),
		container.NewBorder(nil, nil,
			container.NewCenter(&widget.Label{Text: i18n.L("ui.office.docs.cell"), TextStyle: fyne.TextStyle{Bold: true}}), nil,
			p.cellSel),
		p.msg)
	return border(top, container.NewHBox(p.view, p.save), p.list)
}

// reload fills the choice of cells from the enrolled ones, keeping the one chosen.
func (p *officeDocsPage) reload() {
	var cells []office.CellInfo
	var err error
	scr := p.scr
	scr.ui.background(func(ctx context.Context) {
		cells, err = scr.off.Cells(ctx)
	}, func() {
		if scr.ui.office != scr {
			return
		}
		if err != nil {
			setShown(p.msg, errorText(err))
			return
		}
		cur := ""
		if i := p.cellSel.SelectedIndex(); i >= 0 && i < len(p.codes) {
			cur = p.codes[i]
		}
		p.codes = nil
		var names []string
		for _, c := range cells {
			p.codes = append(p.codes, c.Code)
			names = append(names, i18n.L("ui.office.cells.name", map[string]any{"Name": cellTitle(c.Name, c.Code), "Code": c.Code}))
		}
		p.cellSel.OnChanged = nil
		p.cellSel.SetOptions(names)
		p.cellSel.OnChanged = func(string) { p.loadDocs() }
		if len(p.codes) == 0 {
			setShown(p.msg, i18n.L("ui.office.report.none"))
			return
		}
		idx := 0
		for i, c := range p.codes {
			if c == cur {
				idx = i
			}
		}
		p.cellSel.SetSelectedIndex(idx)
	})
}

// loadDocs reads the chosen cell's documents in the background.
func (p *officeDocsPage) loadDocs() {
	i := p.cellSel.SelectedIndex()
	if i < 0 || i >= len(p.codes) {
		return
	}
	code := p.codes[i]
	var docs []docRow
	var err error
	scr := p.scr
	scr.ui.background(func(ctx context.Context) {
		var ds []office.Document
		if ds, err = scr.off.Documents(ctx, code); err != nil {
			return
		}
		var ms []store.Meeting
		if ms, err = scr.off.Meetings(ctx, code); err != nil {
			return
		}
		docs = docRows(ds, ms)
	}, func() {
		if scr.ui.office != scr {
			return
		}
		if err != nil {
			setShown(p.msg, errorText(err))
			return
		}
		p.docs = docs
		p.selected = -1
		p.list.UnselectAll()
		p.list.Refresh()
		p.view.Disable()
		p.save.Disable()
		if len(docs) == 0 {
			setShown(p.msg, i18n.L("ui.office.docs.none"))
		} else {
			setShown(p.msg, "")
		}
	})
}

func (p *officeDocsPage) createRow() fyne.CanvasObject {
	return rowBox(extended(&widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}),
		extended(&widget.Label{Truncation: fyne.TextTruncateEllipsis}))
}

func (p *officeDocsPage) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.docs) {
		return
	}
	d := p.docs[id]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(d.doc.Title)
	key := "ui.office.docs.line"
	if d.short == "" {
		key = "ui.office.docs.line_plain"
	}
	box.Objects[1].(*widget.Label).SetText(i18n.L(key, map[string]any{
		"Date": d.date, "Number": d.number, "Kind": docKindText(d.doc.Kind), "Short": d.short}))
}

// paper is the selected document as something print.go can print or save.
func (p *officeDocsPage) paper() (paper, bool) {
	if p.selected < 0 || p.selected >= len(p.docs) {
		return paper{}, false
	}
	d := p.docs[p.selected].doc
	off := p.scr.off
	return paper{
		what: d.Title,
		file: path.Base(d.Path),
		make: func(ctx context.Context, w io.Writer) error {
			b, err := off.PDF(ctx, d.ID)
			if err != nil {
				return err
			}
			_, err = w.Write(b)
			return err
		},
	}, true
}

// print is "Xem/In" and Ctrl+P.
func (p *officeDocsPage) print() {
	pp, ok := p.paper()
	if !ok {
		return
	}
	p.view.Disable()
	p.scr.ui.printPaper(pp, func() { p.view.Enable() })
}

func (p *officeDocsPage) savePDF() {
	if pp, ok := p.paper(); ok {
		p.scr.ui.savePaper(pp)
	}
}

// officeKeysPage shows the office's public keys and saves the card file its cells need.
type officeKeysPage struct {
	scr  *officeScreen
	sign *widget.RichText
	rcpt *widget.Label
	save *button
}

func (scr *officeScreen) newKeysPage() *officeKeysPage {
	p := &officeKeysPage{scr: scr, sign: widget.NewRichText(), rcpt: &widget.Label{Wrapping: fyne.TextWrapBreak}}
	p.save = scr.ui.newButton(i18n.L("ui.office.keys.save_card"), widget.HighImportance, p.saveCard)
	return p
}

func (p *officeKeysPage) content() fyne.CanvasObject {
	body := container.NewVBox(
		subheading(i18n.L("ui.office.keys.title")),
		wrapped(i18n.L("ui.office.keys.intro")),
		&widget.Label{Text: i18n.L("ui.office.keys.signing"), TextStyle: fyne.TextStyle{Bold: true}},
		p.sign,
		&widget.Label{Text: i18n.L("ui.office.keys.recipient"), TextStyle: fyne.TextStyle{Bold: true}},
		p.rcpt,
		wrapped(i18n.L("ui.office.keys.card_intro")),
		container.NewHBox(p.save),
	)
	return container.NewVScroll(body)
}

func (p *officeKeysPage) fill() {
	off := p.scr.off
	p.sign.Segments = []widget.RichTextSegment{&widget.TextSegment{
		Text:  off.Fingerprint(),
		Style: widget.RichTextStyle{SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true, Monospace: true}},
	}}
	p.sign.Refresh()
	p.rcpt.SetText(off.Recipient())
}

// saveCard writes the office card into a chosen folder (a USB stick for the cells).
func (p *officeKeysPage) saveCard() {
	u := p.scr.ui
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			log.Printf("chibo: folder dialog: %v", err)
			u.inform(i18n.L("ui.office.keys.save_card"), i18n.L("ui.save_pdf.no_folder"))
			return
		}
		if dir != nil {
			p.saveCardTo(dir.Path())
		}
	}, u.win)
	d.SetTitleText(i18n.L("ui.office.keys.choose_title"))
	d.SetConfirmText(i18n.L("ui.save_pdf.here"))
	d.SetDismissText(i18n.L("ui.cancel"))
	if root := removableRoot(); root != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(root)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(980, 600))
	d.Show()
}

// saveCardTo writes the card into dir in the background and says where it went.
func (p *officeKeysPage) saveCardTo(dir string) {
	u, off := p.scr.ui, p.scr.off
	var path string
	var err error
	u.background(func(context.Context) {
		path, err = off.WriteCard(dir)
	}, func() {
		if err != nil {
			u.inform(i18n.L("ui.save_pdf.failed_title"), fileErrorText(err))
			return
		}
		u.inform(i18n.L("ui.office.keys.saved_title"), i18n.L("ui.office.keys.saved",
			map[string]any{"File": filepath.Base(path), "Folder": dir}))
	})
}

// localDate is a time as dd/mm/yyyy in local time, "" for the zero time.
func localDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("02/01/2006")
}

// docKindText names a kind of document (payload.Document.Kind).
func docKindText(kind string) string {
	switch kind {
	case "minutes":
		return i18n.L("ui.office.docs.kind_minutes")
	case "resolution":
		return i18n.L("ui.office.docs.kind_resolution")
	case "attendance":
		return i18n.L("ui.office.docs.kind_attendance")
	case "roster":
		return i18n.L("ui.office.docs.kind_roster")
	}
	return kind
}

// extended makes a label built as a struct literal a full widget at once. A table or list
// sizes the objects of a new row before it draws them, and a label that is not yet extended
// then keeps its text laid out at no width: neither truncated nor centred.
func extended(l *widget.Label) *widget.Label {
	l.ExtendBaseWidget(l)
	return l
}
