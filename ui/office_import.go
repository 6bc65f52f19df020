package ui

import (
	"context"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/sync/bundle"
	"chibo/sync/cellsync"
	"chibo/sync/office"
	"chibo/sync/payload"
)

// officeImport runs an import; tests replace it to hold one while the window is closed.
var officeImport = func(ctx context.Context, o *office.Office, paths []string, progress func(done, total int)) []office.Result {
	return o.Import(ctx, paths, progress)
}

// officeImportPage finds the bundles on a USB stick (or in a chosen folder), imports all of
// them or those ticked, and says what happened to each in plain words.
type officeImportPage struct {
	scr *officeScreen

	sticks   *fyne.Container // one button per detected stick
	rescan   *button
	other    *button
	files    *fyne.Container // one check per bundle found
	filesMsg *widget.Label
	all      *button
	chosen   *button
	progress *widget.ProgressBar
	progText *widget.Label
	results  *fyne.Container
	resMsg   *widget.Label
	box      *fyne.Container // the page, laid out again when a line appears or goes

	dir     string      // the folder being looked at, "" before one is chosen
	found   []foundFile // the bundles in dir
	checks  []*check
	running bool
	last    []office.Result // the results of the last import
}

// foundFile is a bundle file in the chosen folder, with what its manifest says (not yet
// verified: only to tell the files apart).
type foundFile struct {
	path string
	cell string
	seq  uint64
	date string // dd/mm/yyyy of the manifest's creation time, "" when unreadable
	bad  bool   // not even readable as a bundle: the import will say why
}

func (scr *officeScreen) newImportPage() *officeImportPage {
	u := scr.ui
	p := &officeImportPage{
		scr:      scr,
		sticks:   container.NewHBox(),
		files:    container.NewVBox(),
		filesMsg: wrapped(""),
		progress: widget.NewProgressBar(),
		progText: &widget.Label{},
		results:  container.NewVBox(),
		resMsg:   wrapped(i18n.L("ui.office.import.no_results")),
	}
	p.rescan = u.newButton(i18n.L("ui.office.import.rescan"), widget.MediumImportance, p.detect)
	p.other = u.newButton(i18n.L("ui.office.import.other"), widget.MediumImportance, p.chooseFolder)
	p.all = u.newButton(i18n.L("ui.office.import.all"), widget.HighImportance, func() { p.importFiles(true) })
	p.chosen = u.newButton(i18n.L("ui.office.import.chosen"), widget.MediumImportance, func() { p.importFiles(false) })
	p.progress.TextFormatter = func() string {
		return i18n.L("ui.office.import.progress", map[string]any{"Done": int(p.progress.Value), "Total": int(p.progress.Max)})
	}
	p.progress.Hide()
	p.progText.Hide()
	p.setFilesMsg(i18n.L("ui.office.import.choose_first"))
	p.updateButtons()
	return p
}

func (p *officeImportPage) content() fyne.CanvasObject {
	sticks := container.NewBorder(nil, nil,
		container.NewCenter(&widget.Label{Text: i18n.L("ui.office.import.sticks"), TextStyle: fyne.TextStyle{Bold: true}}),
		container.NewHBox(p.rescan, p.other),
		container.NewHScroll(p.sticks))
	filesBox := container.NewVScroll(p.files)
	filesBox.SetMinSize(fyne.NewSize(0, 3*fyne.MeasureText("Ág", theme.TextSize(), fyne.TextStyle{}).Height+6*theme.Padding()))
	actions := container.NewBorder(nil, nil, container.NewHBox(p.all, p.chosen), nil, p.progress)
	top := container.NewVBox(
		wrapped(i18n.L("ui.office.import.intro")),
		sticks,
		p.filesMsg,
		filesBox,
		actions,
		widget.NewSeparator(),
		container.NewHBox(subheading(i18n.L("ui.office.import.results")), container.NewCenter(p.progText)),
	)
	p.box = border(top, nil, container.NewVScroll(container.NewVBox(p.resMsg, p.results)))
	return p.box
}

// shown runs when the page is shown: the first time, it looks for USB sticks.
func (p *officeImportPage) shown() {
	if p.dir == "" && len(p.sticks.Objects) == 0 {
		p.detect()
	}
}

// detect lists the USB sticks in the background; when exactly one has bundles it is opened.
func (p *officeImportPage) detect() {
	if p.running {
		return
	}
	var sticks []cellsync.Stick
	p.scr.ui.background(func(ctx context.Context) {
		sticks = cellsync.DetectSticks()
	}, func() {
		p.sticks.RemoveAll()
		if len(sticks) == 0 {
			p.sticks.Add(&widget.Label{Text: i18n.L("ui.office.import.no_stick")})
		}
		for _, s := range sticks {
			p.sticks.Add(p.scr.ui.newButton(s.Label, widget.MediumImportance, func() { p.openFolder(s.Path) }))
		}
		p.sticks.Refresh()
		p.updateButtons()
		if p.dir == "" && len(sticks) == 1 {
			p.openFolder(sticks[0].Path)
		}
	})
}

// chooseFolder asks for a folder with the file dialog.
func (p *officeImportPage) chooseFolder() {
	u := p.scr.ui
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			log.Printf("chibo: folder dialog: %v", err)
			u.inform(i18n.L("ui.office.import.title"), i18n.L("ui.save_pdf.no_folder"))
			return
		}
		if dir != nil {
			p.openFolder(dir.Path())
		}
	}, u.win)
	d.SetTitleText(i18n.L("ui.office.import.choose_title"))
	d.SetConfirmText(i18n.L("ui.office.import.choose_here"))
	d.SetDismissText(i18n.L("ui.cancel"))
	start := p.dir
	if start == "" {
		start = removableRoot()
	}
	if start != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(980, 600))
	d.Show()
}

// openFolder lists the bundles in dir, reading each one's manifest in the background.
func (p *officeImportPage) openFolder(dir string) {
	if p.running {
		return
	}
	p.dir = dir
	var found []foundFile
	var err error
	p.scr.ui.background(func(ctx context.Context) {
		found, err = scanBundles(dir)
	}, func() {
		if p.dir != dir {
			return
		}
		p.found = found
		p.checks = nil
		p.files.RemoveAll()
		args := map[string]any{"Folder": dir, "Count": len(found)}
		switch {
		case err != nil:
			log.Printf("chibo: list bundles in %s: %v", dir, err)
			p.setFilesMsg(i18n.L("ui.office.import.unreadable", args))
		case len(found) == 0:
			p.setFilesMsg(i18n.L("ui.office.import.none_found", args))
		default:
			p.setFilesMsg(i18n.L("ui.office.import.found", args))
		}
		for _, f := range found {
			c := p.scr.ui.newCheck(foundText(f), func(bool) { p.updateButtons() })
			p.checks = append(p.checks, c)
			p.files.Add(c)
		}
		p.files.Refresh()
		p.updateButtons()
	})
}

// scanBundles lists the bundle files directly in dir, in name order (so by cell, then
// number), with what their manifests say.
func scanBundles(dir string) ([]foundFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []foundFile
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), "."+bundle.Extension) || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		out = append(out, readFound(filepath.Join(dir, e.Name())))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

// readFound reads a bundle's manifest to say which cell and number it claims.
func readFound(path string) foundFile {
	f := foundFile{path: path}
	fh, err := os.Open(path)
	if err != nil {
		f.bad = true
		return f
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		f.bad = true
		return f
	}
	b, err := bundle.Read(fh, st.Size(), bundle.DefaultLimits)
	if err != nil {
		f.bad = true
		return f
	}
	f.cell, f.seq = b.Manifest.Cell, b.Manifest.Seq
	if !b.Manifest.Created.IsZero() {
		f.date = b.Manifest.Created.Local().Format("02/01/2006")
	}
	return f
}

func foundText(f foundFile) string {
	name := filepath.Base(f.path)
	if f.bad {
		return i18n.L("ui.office.import.found_bad", map[string]any{"File": name})
	}
	return i18n.L("ui.office.import.found_row", map[string]any{"Cell": f.cell, "Seq": f.seq, "Date": f.date, "File": name})
}

func (p *officeImportPage) setFilesMsg(text string) {
	setShown(p.filesMsg, text)
	p.relayout()
}

// relayout lays the page out again after a line was shown or hidden.
func (p *officeImportPage) relayout() {
	if p.box != nil {
		p.box.Refresh()
	}
}

func (p *officeImportPage) updateButtons() {
	ticked := 0
	for _, c := range p.checks {
		if c.Checked {
			ticked++
		}
	}
	enable := func(b *button, on bool) {
		if on && !p.running {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	enable(p.all, len(p.found) > 0)
	enable(p.chosen, ticked > 0)
	enable(p.rescan, true)
	enable(p.other, true)
	for _, o := range p.sticks.Objects {
		if b, ok := o.(*button); ok {
			enable(b, true)
		}
	}
}

// importFiles imports every bundle found, or only those ticked, in the background with a
// progress bar, then shows one row per bundle.
func (p *officeImportPage) importFiles(all bool) {
	if p.running {
		return
	}
	var paths []string
	for i, f := range p.found {
		if all || p.checks[i].Checked {
			paths = append(paths, f.path)
		}
	}
	if len(paths) == 0 {
		return
	}
	p.running = true
	p.updateButtons()
	p.progress.Max = float64(len(paths))
	p.progress.SetValue(0)
	p.progress.Show()
	setShown(p.progText, i18n.L("ui.office.import.running"))
	p.relayout()
	u := p.scr.ui
	var res []office.Result
	u.background(func(ctx context.Context) {
		res = officeImport(ctx, p.scr.off, paths, func(done, total int) {
			u.onUI(func() {
				p.progress.Max = float64(total)
				p.progress.SetValue(float64(done))
			})
		})
	}, func() {
		p.running = false
		p.progress.SetValue(p.progress.Max)
		setShown(p.progText, i18n.L("ui.office.import.finished", map[string]any{"Count": len(res)}))
		p.showResults(res)
		p.updateButtons()
		p.relayout()
		p.scr.importDone()
	})
}

// showResults puts one row per bundle under "Kết quả".
func (p *officeImportPage) showResults(res []office.Result) {
	p.last = res
	p.results.RemoveAll()
	setShown(p.resMsg, "")
	if len(res) == 0 {
		setShown(p.resMsg, i18n.L("ui.office.import.no_results"))
	}
	for _, r := range res {
		p.results.Add(resultRow(r))
	}
	p.results.Refresh()
	p.relayout()
}

// resultRow says what happened to one bundle: a mark (an icon and a word, so that it does not
// rest on colour alone) with the cell and the file, then the counts or the refusal, the records
// kept aside, and the receipt.
func resultRow(r office.Result) fyne.CanvasObject {
	lines := resultLines(r)
	icon := widget.NewIcon(nil)
	color := theme.ColorNameForeground
	switch r.Outcome {
	case office.OutcomeImported:
		icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		color = theme.ColorNameSuccess
	case office.OutcomeAlreadyImported:
		icon.SetResource(theme.NewPrimaryThemedResource(theme.InfoIcon()))
		color = theme.ColorNamePrimary
	default:
		if oldCopy(r) {
			icon.SetResource(theme.NewPrimaryThemedResource(theme.InfoIcon()))
			color = theme.ColorNamePrimary
			break
		}
		icon.SetResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
		color = theme.ColorNameError
	}
	head := widget.NewRichText(
		&widget.TextSegment{Text: lines[0].text, Style: widget.RichTextStyle{
			Inline: true, ColorName: color, TextStyle: fyne.TextStyle{Bold: true}}},
		&widget.TextSegment{Text: "   " + lines[len(lines)-1].text, Style: widget.RichTextStyle{
			Inline: true, ColorName: theme.ColorNamePlaceHolder}},
	)
	head.Wrapping = fyne.TextWrapWord
	body := rowBox(head)
	for _, l := range lines[1 : len(lines)-1] {
		body.Add(&widget.Label{Text: l.text, Wrapping: fyne.TextWrapWord, Importance: l.imp})
	}
	return container.NewVBox(container.NewBorder(nil, nil, container.NewVBox(icon), nil, body), widget.NewSeparator())
}

// resultLine is one line of a result row.
type resultLine struct {
	text string
	imp  widget.Importance
}

// resultLines are the lines of a result row; the first is the headline.
func resultLines(r office.Result) (lines []resultLine) {
	who := r.CellName
	if who == "" {
		who = r.Cell
	}
	if who == "" {
		who = filepath.Base(r.File)
	}
	args := map[string]any{"Cell": who, "Code": r.Cell, "Seq": r.Seq, "File": filepath.Base(r.File)}
	add := func(imp widget.Importance, key string, a map[string]any) {
		lines = append(lines, resultLine{text: i18n.L(key, a), imp: imp})
	}
	switch r.Outcome {
	case office.OutcomeImported:
		add(widget.SuccessImportance, "ui.office.result.imported_head", args)
		add(widget.MediumImportance, "ui.office.result.imported", map[string]any{"What": countsText(r.Counts)})
	case office.OutcomeAlreadyImported:
		add(widget.MediumImportance, "ui.office.result.already_head", args)
		add(widget.MediumImportance, "ui.office.result.already", nil)
	default:
		if oldCopy(r) {
			// An older bundle still on the stick: refused (the office has moved on), but
			// nothing to worry about, so it is not shown as an alarm.
			add(widget.MediumImportance, "ui.office.result.old_head", args)
			lines = append(lines, resultLine{text: errorText(r.Err), imp: widget.MediumImportance})
			add(widget.MediumImportance, "ui.office.result.old_after", nil)
			break
		}
		if r.Seq == 0 {
			add(widget.DangerImportance, "ui.office.result.refused_head_file", args)
		} else {
			add(widget.DangerImportance, "ui.office.result.refused_head", args)
		}
		// The sentence names the file and says what is wrong and what to do.
		lines = append(lines, resultLine{text: errorText(r.Err), imp: widget.DangerImportance})
		add(widget.MediumImportance, "ui.office.result.refused_after", nil)
	}
	if n := r.Counts.Conflicts; n > 0 {
		add(widget.WarningImportance, "ui.office.result.conflicts", map[string]any{"Count": n})
	}
	switch {
	case r.Outcome == office.OutcomeRefused:
	case r.ReceiptErr != nil:
		add(widget.WarningImportance, "ui.office.result.receipt_failed", map[string]any{"Why": fileErrorText(r.ReceiptErr)})
	case r.ReceiptPath != "":
		add(widget.MediumImportance, "ui.office.result.receipt", map[string]any{"File": filepath.Base(r.ReceiptPath)})
	}
	add(widget.LowImportance, "ui.office.result.file", args)
	return lines
}

// oldCopy reports whether a bundle was refused only because it is older than the office's
// last one from that cell: an earlier month's bundle left on the stick, or one replayed.
func oldCopy(r office.Result) bool {
	return r.Outcome == office.OutcomeRefused && office.ReasonOf(r.Err) == office.ReasonReplay
}

// countsText says in words what an import stored: "2 đảng viên, 1 biên bản, …".
func countsText(c payload.Counts) string {
	var parts []string
	for _, x := range []struct {
		n   int
		key string
	}{
		{c.Members, "ui.office.count.members"},
		{c.Events, "ui.office.count.events"},
		{c.Meetings, "ui.office.count.meetings"},
		{c.Documents, "ui.office.count.documents"},
		{c.Unchanged, "ui.office.count.unchanged"},
	} {
		if x.n > 0 {
			parts = append(parts, i18n.L(x.key, map[string]any{"Count": x.n}))
		}
	}
	if len(parts) == 0 {
		return i18n.L("ui.office.count.nothing")
	}
	return strings.Join(parts, ", ")
}
