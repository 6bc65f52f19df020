package ui

import (
	"context"
	"errors"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"aead.dev/minisign"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chibo/documents"
	"chibo/i18n"
	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/cellsync"
	"chibo/sync/payload"
)

// detectSticks lists the USB sticks plugged in; tests replace it with folders of their own.
var detectSticks = cellsync.DetectSticks

// exportBundle writes a bundle; tests wrap it to press Stop at a chosen moment.
var exportBundle = cellsync.Export

// syncWidth is the width of the page's column.
const syncWidth = 1000

// syncPage is "Gửi cấp trên": where the cell stands with its office (what was sent, what the
// office acknowledged, what would travel now), the buttons that write a bundle to a stick and
// read a receipt back, and the cell's signing key with its enrolment sheet. One job runs at a
// time: while one runs, every button of the page is disabled.
type syncPage struct {
	cs *cellScreen

	office      *widget.Label
	officeKey   *widget.Label
	lastExport  *widget.Label
	lastReceipt *widget.Label
	pending     *widget.Label
	rotation    *field
	errMsg      *widget.Label
	behind      *widget.Label // minutes the office holds are missing here (after a restore)
	exportBtn   *button
	receiptBtn  *button

	fingerprint *widget.Label
	publicKey   *widget.Label
	printBtn    *button
	savePDF     *button
	saveKey     *button
	loadCard    *button
	rotate      *button
	reset       *button

	state   cellsync.State
	pub     minisign.PublicKey
	loaded  bool // state and pub hold what the store said
	busy    bool
	loading bool
	again   bool // reload once more when the running one ends
	// lastDir is the folder the last bundle was written to in this session, where its
	// receipt is looked for too.
	lastDir string

	// The dialogs last shown, for the tests.
	export  *exportDialog
	receipt *receiptDialog
	reason  *reasonDialog
}

func (cs *cellScreen) newSyncPage() *syncPage {
	u := cs.ui
	value := func() *widget.Label { return &widget.Label{Wrapping: fyne.TextWrapWord} }
	sp := &syncPage{
		cs:          cs,
		office:      value(),
		officeKey:   value(),
		lastExport:  value(),
		lastReceipt: value(),
		pending:     value(),
		errMsg:      errorLabel(),
		behind:      &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord},
		fingerprint: &widget.Label{TextStyle: fyne.TextStyle{Monospace: true, Bold: true}, SizeName: theme.SizeNameHeadingText},
		publicKey:   &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Wrapping: fyne.TextWrapWord},
	}
	sp.behind.Hide()
	sp.rotation = newField(i18n.L("ui.sync.status.rotation"), value())
	sp.rotation.setVisible(false)
	sp.exportBtn = u.newButton(i18n.L("ui.sync.export"), widget.HighImportance, sp.showExport)
	sp.exportBtn.Icon = theme.UploadIcon()
	sp.receiptBtn = u.newButton(i18n.L("ui.sync.read_receipt"), widget.HighImportance, sp.showReceipt)
	sp.receiptBtn.Icon = theme.DownloadIcon()
	sp.printBtn = u.newButton(i18n.L("ui.sync.key.print"), widget.MediumImportance, sp.printSheet)
	sp.printBtn.Icon = theme.DocumentPrintIcon()
	sp.savePDF = u.newButton(i18n.L("ui.sync.key.save_pdf"), widget.MediumImportance, func() { u.savePaper(sp.sheetPaper()) })
	sp.savePDF.Icon = theme.DocumentSaveIcon()
	sp.saveKey = u.newButton(i18n.L("ui.sync.key.save_key"), widget.MediumImportance, sp.chooseKeyFolder)
	sp.saveKey.Icon = theme.DocumentSaveIcon()
	sp.loadCard = u.newButton(i18n.L("ui.sync.key.load_card"), widget.MediumImportance, sp.chooseOfficeCard)
	sp.loadCard.Icon = theme.FolderOpenIcon()
	sp.rotate = u.newButton(i18n.L("ui.sync.key.rotate"), widget.MediumImportance, func() { sp.askReason(false) })
	sp.reset = u.newButton(i18n.L("ui.sync.key.reset"), widget.DangerImportance, func() { sp.askReason(true) })
	sp.refreshButtons() // disabled until the first load
	return sp
}

func (sp *syncPage) buttons() []*button {
	return []*button{sp.exportBtn, sp.receiptBtn, sp.printBtn, sp.savePDF, sp.saveKey, sp.loadCard, sp.rotate, sp.reset}
}

func (sp *syncPage) content() fyne.CanvasObject {
	statusFields := []*field{
		newField(i18n.L("ui.sync.status.office"), sp.office),
		newField(i18n.L("ui.sync.status.office_key"), sp.officeKey),
		newField(i18n.L("ui.sync.status.last_export"), sp.lastExport),
		newField(i18n.L("ui.sync.status.last_receipt"), sp.lastReceipt),
		newField(i18n.L("ui.sync.status.pending"), sp.pending),
		sp.rotation,
	}
	keyFields := []*field{
		newField(i18n.L("ui.sync.key.fingerprint"), sp.fingerprint),
		newField(i18n.L("ui.sync.key.public"), sp.publicKey),
	}
	var labels labelWidth
	for _, f := range append(statusFields, keyFields...) {
		labels = append(labels, f.label.Text)
	}
	status, key := alignedForm(labels, statusFields...), alignedForm(labels, keyFields...)
	body := container.NewVBox(
		subheading(i18n.L("ui.sync.title")),
		wrapped(i18n.L("ui.sync.intro")),
		sp.errMsg,
		sp.behind,
		status,
		container.NewHBox(sp.exportBtn, sp.receiptBtn),
		widget.NewSeparator(),
		subheading(i18n.L("ui.sync.key.title")),
		wrapped(i18n.L("ui.sync.key.intro")),
		key,
		container.NewHBox(sp.printBtn, sp.savePDF, sp.saveKey),
		container.NewHBox(sp.loadCard, sp.rotate, sp.reset),
	)
	return sp.cs.ui.scroll("sync", container.NewPadded(container.NewCenter(sized(body, syncWidth))))
}

// alignedForm is form with its label column as wide as the widest of labels, so that the
// page's two forms keep their values in one column.
func alignedForm(labels labelWidth, fields ...*field) *fyne.Container {
	objs := []fyne.CanvasObject{container.New(labels), container.New(labelWidth(nil))}
	for _, f := range fields {
		objs = append(objs, f.label, f.box)
	}
	return container.New(layout.NewFormLayout(), objs...)
}

// labelWidth is the layout of an empty row as wide as the widest of its texts set as a bold
// label, at the text size of the moment.
type labelWidth []string

func (l labelWidth) MinSize([]fyne.CanvasObject) fyne.Size {
	var w float32
	for _, t := range l {
		w = max(w, fyne.MeasureText(t, theme.TextSize(), fyne.TextStyle{Bold: true}).Width+2*theme.InnerPadding())
	}
	return fyne.NewSize(w, 0)
}

func (labelWidth) Layout([]fyne.CanvasObject, fyne.Size) {}

// setBusy marks a job of the page as running, or finished.
func (sp *syncPage) setBusy(busy bool) {
	sp.busy = busy
	sp.refreshButtons()
}

// refreshButtons enables the page's buttons when the state is known and no job runs.
func (sp *syncPage) refreshButtons() {
	for _, b := range sp.buttons() {
		if sp.busy || !sp.loaded {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// run runs one job of the page in the background with the buttons disabled, then done on the
// UI goroutine. It does nothing, and reports false, while another job runs.
func (sp *syncPage) run(work func(ctx context.Context), done func()) bool {
	if sp.busy {
		return false
	}
	sp.setBusy(true)
	sp.cs.ui.background(work, func() {
		sp.setBusy(false)
		if done != nil {
			done()
		}
	})
	return true
}

// reload reads the state of the exchange and the cell's public key in the background. A
// reload asked for while one runs runs again after it, so the page never shows older news.
func (sp *syncPage) reload() {
	if sp.loading {
		sp.again = true
		return
	}
	if !sp.loaded {
		sp.office.SetText(i18n.L("ui.sync.loading"))
	}
	sp.loading = true
	var st cellsync.State
	var pub minisign.PublicKey
	var err error
	c := sp.cs.cell
	sp.cs.ui.background(func(ctx context.Context) {
		if st, err = cellsync.Status(ctx, c); err != nil {
			return
		}
		pub, err = c.PublicKey(ctx)
	}, func() {
		sp.loading = false
		if sp.again {
			sp.again = false
			sp.reload()
			return
		}
		if err != nil {
			setShown(sp.errMsg, errorText(err))
			return
		}
		setShown(sp.errMsg, "")
		sp.state, sp.pub, sp.loaded = st, pub, true
		sp.show()
		sp.refreshButtons()
	})
}

// show fills the status lines and the key from sp.state and sp.pub.
func (sp *syncPage) show() {
	st := sp.state
	sp.office.SetText(sp.officeName())
	switch {
	case st.Office.Pinned && st.Office.HasRecipient:
		sp.officeKey.SetText(i18n.L("ui.sync.office_key.known", map[string]any{"Fingerprint": st.Office.Fingerprint}))
	case st.Office.Pinned:
		sp.officeKey.SetText(i18n.L("ui.sync.office_key.signing_only", map[string]any{"Fingerprint": st.Office.Fingerprint}))
	default:
		sp.officeKey.SetText(i18n.L("ui.sync.office_key.unknown"))
	}
	if e := st.LastExport; e.Seq == 0 {
		sp.lastExport.SetText(i18n.L("ui.sync.last_export.none"))
	} else {
		sp.lastExport.SetText(i18n.L("ui.sync.last_export.line", map[string]any{"Seq": e.Seq, "Date": dmy(e.Created), "File": e.File}))
	}
	switch r := st.LastReceipt; {
	case r.Seq == 0:
		sp.lastReceipt.SetText(i18n.L("ui.sync.last_receipt.none"))
	case len(r.Conflicts) == 0 && r.Counts.Conflicts == 0:
		sp.lastReceipt.SetText(i18n.L("ui.sync.last_receipt.ok", map[string]any{"Seq": r.Seq, "Date": dmy(r.ReadAt)}))
	default:
		sp.lastReceipt.SetText(i18n.L("ui.sync.last_receipt.kept", map[string]any{"Seq": r.Seq, "Date": dmy(r.ReadAt),
			"Conflicts": max(len(r.Conflicts), r.Counts.Conflicts)}))
	}
	if n := st.Pending; n.Members+n.Events+n.Meetings+n.Chain+n.Notes == 0 {
		sp.pending.SetText(i18n.L("ui.sync.pending.nothing"))
	} else {
		sp.pending.SetText(i18n.L("ui.sync.pending.line", map[string]any{"Members": n.Members, "Events": n.Events, "Meetings": n.Meetings}))
	}
	if st.ChainBehind {
		setShown(sp.behind, i18n.L("ui.sync.chain_behind", map[string]any{"Office": st.OfficeHead, "Cell": st.CellHead}))
	} else {
		setShown(sp.behind, "")
	}
	if k := st.KeyChange; k.Pending {
		sp.rotation.input.(*widget.Label).SetText(i18n.L("ui.sync.rotation.pending", map[string]any{"Fingerprint": k.Fingerprint}))
		sp.rotation.setVisible(true)
	} else {
		sp.rotation.setVisible(false)
	}
	sp.fingerprint.SetText(bundle.Fingerprint(sp.pub))
	sp.publicKey.SetText(groups(sp.pub.String(), 4))
}

// dmy is a time as the window shows dates: 05/03/2026, in local time; "" for the zero time.
func dmy(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("02/01/2006")
}

// groups splits s into groups of n characters with a space between them, so that a long key
// can be read out and compared group by group.
func groups(s string, n int) string {
	var b strings.Builder
	for i := 0; i < len(s); i += n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+n, len(s))])
	}
	return b.String()
}

// officeName is the name of the office for sentences: the one the exchange knows, else the
// profile's.
func (sp *syncPage) officeName() string {
	if sp.state.Office.Name != "" {
		return sp.state.Office.Name
	}
	return sp.cs.cell.Profile().OfficeName
}

// encryptionLine says whether the next bundle will be encrypted to the office.
func (sp *syncPage) encryptionLine() string {
	if sp.state.Office.HasRecipient {
		return i18n.L("ui.sync.export.encrypted", map[string]any{"Office": sp.officeName()})
	}
	return i18n.L("ui.sync.export.not_encrypted")
}

// folderDialog asks for a folder, opening where USB sticks appear.
func (u *UI) folderDialog(title, confirm string, chosen func(dir string)) {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			log.Printf("chibo: folder dialog: %v", err)
			u.inform(title, i18n.L("ui.sync.no_folder"))
			return
		}
		if dir != nil {
			chosen(dir.Path())
		}
	}, u.win)
	d.SetTitleText(title)
	d.SetConfirmText(confirm)
	d.SetDismissText(i18n.L("ui.cancel"))
	if start := removableRoot(); start != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(980, 600))
	d.Show()
}

// fileDialog asks for a file with the given extension (without the dot).
func (u *UI) fileDialog(title, ext string, chosen func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			log.Printf("chibo: file dialog: %v", err)
			u.inform(title, i18n.L("ui.sync.no_folder"))
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		chosen(path)
	}, u.win)
	d.SetTitleText(title)
	d.SetDismissText(i18n.L("ui.cancel"))
	d.SetFilter(storage.NewExtensionFileFilter([]string{"." + ext}))
	if start := removableRoot(); start != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(980, 600))
	d.Show()
}

// tall makes a button half as tall again as usual: the places to write to and the receipts
// found are the choices she must hit, with a shaky hand on a touchpad.
func tall(b *button) fyne.CanvasObject { return container.New(tallLayout{}, b) }

type tallLayout struct{}

func (tallLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	s.Height *= 1.5
	return s
}

func (tallLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// ---- Export ----

// exportDialog writes a bundle: first the choice of where (the sticks found, or another
// folder) and whether to send everything, then a progress bar, then what was written or why
// nothing was.
type exportDialog struct {
	sp *syncPage
	m  *modal

	encLine  *widget.Label
	full     *check
	places   *fyne.Container // the stick buttons, or a sentence
	sticks   []*button
	rescan   *button
	other    *button
	progress *widget.ProgressBar
	writing  *widget.Label
	result   *widget.Label
	outcome  *widget.Label // bold: "Có thể rút USB." or the refusal
	closeBtn *button
	stopBtn  *button
	retryBtn *button
	// readBtn reads the receipt found beside a bundle the cell's data forgot (ErrBehind).
	readBtn *button
	body    *fyne.Container

	running bool
	stop    context.CancelFunc
	stopped bool // she pressed Stop
	res     cellsync.Result
	err     error
}

func (sp *syncPage) showExport() {
	if sp.busy || !sp.loaded {
		return
	}
	u := sp.cs.ui
	d := &exportDialog{
		sp:       sp,
		encLine:  &widget.Label{Text: sp.encryptionLine(), Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}},
		places:   container.NewVBox(),
		progress: widget.NewProgressBar(),
		writing:  wrapped(""),
		result:   wrapped(""),
		outcome:  &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText},
		body:     container.NewVBox(),
	}
	sp.export = d
	d.full = u.newCheck(i18n.L("ui.sync.export.full"), nil)
	d.rescan = u.newButton(i18n.L("ui.sync.rescan"), widget.MediumImportance, d.findSticks)
	d.rescan.Icon = theme.ViewRefreshIcon()
	d.other = u.newButton(i18n.L("ui.sync.export.other"), widget.MediumImportance, func() {
		u.folderDialog(i18n.L("ui.sync.export.folder_title"), i18n.L("ui.sync.export.folder_here"), d.exportTo)
	})
	d.other.Icon = theme.FolderOpenIcon()
	d.closeBtn = u.newButton(i18n.L("ui.close"), widget.MediumImportance, d.close)
	d.stopBtn = u.newButton(i18n.L("ui.sync.export.stop"), widget.DangerImportance, func() {
		if d.stop != nil {
			d.stopped = true
			d.stop()
		}
	})
	d.retryBtn = u.newButton(i18n.L("ui.sync.export.retry"), widget.HighImportance, d.choosePhase)
	d.m = u.showModal(i18n.L("ui.sync.export.title"), sized(d.body, 640), []fyne.CanvasObject{d.closeBtn}, nil, func() {
		if !d.running {
			d.close()
		}
	}, 720)
	d.choosePhase()
}

func (d *exportDialog) close() {
	if d.running {
		return
	}
	d.m.d.Hide()
}

// setPhase shows these lines and buttons in the dialog and gives the focus to focus.
func (d *exportDialog) setPhase(lines []fyne.CanvasObject, buttons []fyne.CanvasObject, focus fyne.Focusable) {
	d.body.Objects = lines
	d.body.Refresh()
	d.m.d.SetButtons(buttons)
	d.m.fit(720)
	if focus != nil {
		d.sp.cs.ui.win.Canvas().Focus(focus)
	}
}

// choosePhase asks where to write (again, after a refusal).
func (d *exportDialog) choosePhase() {
	d.err, d.res = nil, cellsync.Result{}
	d.setPhase([]fyne.CanvasObject{
		d.encLine,
		d.full,
		widget.NewSeparator(),
		&widget.Label{Text: i18n.L("ui.sync.export.choose"), TextStyle: fyne.TextStyle{Bold: true}},
		d.places,
		container.NewHBox(d.rescan, d.other),
	}, []fyne.CanvasObject{d.closeBtn}, nil)
	d.findSticks()
}

// findSticks looks for USB sticks in the background and offers each as a button.
func (d *exportDialog) findSticks() {
	d.places.Objects = []fyne.CanvasObject{wrapped(i18n.L("ui.sync.export.looking"))}
	d.places.Refresh()
	var sticks []cellsync.Stick
	d.sp.cs.ui.background(func(context.Context) { sticks = detectSticks() }, func() {
		if d.running || d.res.Path != "" || d.err != nil {
			return
		}
		d.sticks = nil
		var objs []fyne.CanvasObject
		for _, s := range sticks {
			dir := s.Path
			b := d.sp.cs.ui.newButton(i18n.L("ui.sync.export.stick", map[string]any{"Label": s.Label, "Path": s.Path}),
				widget.HighImportance, func() { d.exportTo(dir) })
			b.Icon = theme.StorageIcon()
			b.Alignment = widget.ButtonAlignLeading
			d.sticks = append(d.sticks, b)
			objs = append(objs, tall(b))
		}
		if len(objs) == 0 {
			objs = append(objs, wrapped(i18n.L("ui.sync.export.no_stick")))
		}
		d.places.Objects = objs
		d.places.Refresh()
		d.m.fit(720)
		switch {
		case len(d.sticks) > 0:
			d.sp.cs.ui.win.Canvas().Focus(d.sticks[0])
		default:
			d.sp.cs.ui.win.Canvas().Focus(d.rescan)
		}
	})
}

// exportTo writes the bundle into dir, showing the progress, then the result.
func (d *exportDialog) exportTo(dir string) {
	sp := d.sp
	if d.running || sp.busy {
		return
	}
	u := sp.cs.ui
	d.running, d.stopped, d.err, d.res = true, false, nil, cellsync.Result{}
	d.progress.SetValue(0)
	d.writing.SetText(i18n.L("ui.sync.export.writing", map[string]any{"Dir": dir}))
	d.setPhase([]fyne.CanvasObject{d.writing, d.progress}, []fyne.CanvasObject{d.stopBtn}, d.stopBtn)
	ctx, stop := context.WithCancel(context.Background())
	d.stop = stop
	opt := cellsync.Options{Full: d.full.Checked, Progress: func(done, total int) {
		if total <= 0 {
			return
		}
		v := float64(done) / float64(total)
		u.onUI(func() { d.progress.SetValue(v) })
	}}
	c := sp.cs.cell
	var res cellsync.Result
	var err error
	sp.run(func(context.Context) {
		defer stop()
		res, err = exportBundle(ctx, c, dir, opt)
	}, func() {
		d.running, d.stop = false, nil
		d.res, d.err = res, err
		if err == nil {
			sp.lastDir = filepath.Dir(res.Path)
		}
		d.showResult(d.stopped && err != nil)
		sp.reload()
	})
}

// showResult says what was written, or why nothing was.
func (d *exportDialog) showResult(stopped bool) {
	if d.err != nil {
		msg := exportErrorText(d.err)
		if stopped {
			msg = i18n.L("ui.sync.export.stopped")
		}
		d.outcome.Importance = widget.DangerImportance
		d.outcome.SetText(msg)
		if r := cellsync.BehindReceipt(d.err); r != "" && !stopped {
			// The cure is on the stick: offer it first.
			d.readBtn = d.sp.cs.ui.newButton(i18n.L("ui.sync.export.read_receipt", map[string]any{"Name": filepath.Base(r)}),
				widget.HighImportance, func() {
					d.m.d.Hide()
					d.sp.readReceiptFile(r)
				})
			d.readBtn.Icon = theme.DownloadIcon()
			d.setPhase([]fyne.CanvasObject{d.outcome}, []fyne.CanvasObject{d.closeBtn, d.readBtn}, d.readBtn)
			return
		}
		d.setPhase([]fyne.CanvasObject{d.outcome}, []fyne.CanvasObject{d.closeBtn, d.retryBtn}, d.retryBtn)
		return
	}
	r := d.res
	lines := []string{
		i18n.L("ui.sync.export.done", map[string]any{"Seq": r.Seq, "File": filepath.Base(r.Path), "Dir": filepath.Dir(r.Path)}),
		i18n.L("ui.sync.export.counts", map[string]any{"Members": r.Members, "Events": r.Events, "Meetings": r.Meetings, "Documents": r.Documents}),
	}
	if r.KeyChange {
		lines = append(lines, i18n.L("ui.sync.export.key_change"))
	}
	if r.Encrypted {
		office := r.OfficeName
		if office == "" {
			office = d.sp.officeName()
		}
		lines = append(lines, i18n.L("ui.sync.export.done_encrypted", map[string]any{"Office": office}))
	} else {
		lines = append(lines, i18n.L("ui.sync.export.done_signed"))
	}
	d.result.SetText(strings.Join(lines, "\n"))
	d.outcome.Importance = widget.SuccessImportance
	d.outcome.SetText(i18n.L("ui.sync.export.safe"))
	objs := []fyne.CanvasObject{d.outcome, d.result}
	if r.Warning != nil {
		objs = append(objs, &widget.Label{Text: errorText(r.Warning), Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance})
	}
	d.setPhase(objs, []fyne.CanvasObject{d.closeBtn}, d.closeBtn)
}

// exportErrorText is the one sentence for a bundle that was not written. cellsync gives its
// own for every refusal (folder missing, read-only, full, stick pulled out, read-back
// mismatch); anything else is logged.
func exportErrorText(err error) string {
	if _, _, ok := store.MessageOf(err); ok {
		return errorText(err)
	}
	log.Printf("chibo: export: %v", err)
	return i18n.L("ui.sync.export.err.other")
}

// ---- Receipt ----

// receiptFile is a receipt found on a stick.
type receiptFile struct {
	path, label string
	seq         uint64
	mod         time.Time
}

// findReceipts lists this cell's receipts in the roots of the sticks and in extra folders,
// newest first.
func findReceipts(code string, sticks []cellsync.Stick, extra ...string) []receiptFile {
	var out []receiptFile
	seen := map[string]bool{}
	look := func(dir, label string) {
		names, _ := filepath.Glob(filepath.Join(dir, code+"-*."+payload.ReceiptExtension))
		for _, p := range names {
			if seen[p] {
				continue
			}
			seen[p] = true
			stem := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(p), code+"-"), "."+payload.ReceiptExtension)
			seq, err := strconv.ParseUint(stem, 10, 64)
			if err != nil {
				continue
			}
			var mod time.Time
			if fi, err := os.Stat(p); err == nil {
				mod = fi.ModTime()
			}
			out = append(out, receiptFile{path: p, label: label, seq: seq, mod: mod})
		}
	}
	for _, s := range sticks {
		look(s.Path, s.Label)
	}
	for _, d := range extra {
		if d != "" {
			look(d, filepath.Base(d))
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].seq != out[j].seq {
			return out[i].seq > out[j].seq
		}
		return out[i].mod.After(out[j].mod)
	})
	return out
}

// receiptDialog reads a receipt: the receipts found on the sticks, newest first, or another
// file; then what the office acknowledged, or why the receipt is refused. The first receipt
// from an office shows the office's key fingerprint to compare with its paper.
type receiptDialog struct {
	sp *syncPage
	m  *modal

	found    *fyne.Container
	items    []*button
	rescan   *button
	other    *button
	closeBtn *button
	same     *button
	differs  *button
	body     *fyne.Container
	// heading and lines of the result
	title  *widget.Label
	lines  *widget.Label
	fpr    *widget.Label
	reason *widget.Label

	rr    cellsync.ReceiptResult
	err   error
	names map[string]string // what the records kept aside are, by id
}

func (sp *syncPage) showReceipt() {
	if sp.busy || !sp.loaded {
		return
	}
	d := sp.openReceiptDialog()
	d.body.Objects = []fyne.CanvasObject{
		wrapped(i18n.L("ui.sync.receipt.intro")),
		d.found,
		container.NewHBox(d.rescan, d.other),
	}
	d.body.Refresh()
	d.look()
}

// readReceiptFile opens the receipt dialog straight on the receipt at path (the one the
// export found beside a bundle the cell's data forgot).
func (sp *syncPage) readReceiptFile(path string) {
	if sp.busy || !sp.loaded {
		return
	}
	sp.openReceiptDialog().read(path)
}

// openReceiptDialog shows the receipt dialog, empty.
func (sp *syncPage) openReceiptDialog() *receiptDialog {
	u := sp.cs.ui
	d := &receiptDialog{
		sp:     sp,
		found:  container.NewVBox(),
		body:   container.NewVBox(),
		title:  &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText},
		lines:  wrapped(""),
		fpr:    &widget.Label{TextStyle: fyne.TextStyle{Monospace: true, Bold: true}, SizeName: theme.SizeNameHeadingText, Alignment: fyne.TextAlignCenter},
		reason: wrapped(""),
	}
	sp.receipt = d
	d.rescan = u.newButton(i18n.L("ui.sync.rescan"), widget.MediumImportance, d.look)
	d.rescan.Icon = theme.ViewRefreshIcon()
	d.other = u.newButton(i18n.L("ui.sync.receipt.other"), widget.MediumImportance, func() {
		u.fileDialog(i18n.L("ui.sync.receipt.file_title"), payload.ReceiptExtension, d.read)
	})
	d.other.Icon = theme.FolderOpenIcon()
	d.closeBtn = u.newButton(i18n.L("ui.close"), widget.MediumImportance, func() { d.m.d.Hide() })
	d.differs = u.newButton(i18n.L("ui.sync.receipt.first_differs"), widget.DangerImportance, func() {
		d.m.d.Hide()
		u.inform(i18n.L("ui.sync.receipt.first_title"), i18n.L("ui.sync.receipt.differs"))
	})
	d.same = u.newButton(i18n.L("ui.sync.receipt.first_same"), widget.HighImportance, func() { d.m.d.Hide() })
	d.m = u.showModal(i18n.L("ui.sync.receipt.title"), sized(d.body, 640), []fyne.CanvasObject{d.closeBtn}, nil, func() {
		if !sp.busy {
			d.m.d.Hide()
		}
	}, 720)
	return d
}

// look finds the receipts on the sticks in the background and offers them.
func (d *receiptDialog) look() {
	sp := d.sp
	u := sp.cs.ui
	d.found.Objects = []fyne.CanvasObject{wrapped(i18n.L("ui.sync.receipt.looking"))}
	d.found.Refresh()
	code := sp.cs.cell.Profile().Code
	extra := []string{}
	if sp.lastDir != "" {
		extra = append(extra, sp.lastDir)
	}
	var files []receiptFile
	u.background(func(context.Context) { files = findReceipts(code, detectSticks(), extra...) }, func() {
		d.items = nil
		var objs []fyne.CanvasObject
		for _, f := range files {
			path := f.path
			b := u.newButton(i18n.L("ui.sync.receipt.item", map[string]any{"Seq": f.seq, "Label": f.label, "Path": filepath.Dir(f.path)}),
				widget.HighImportance, func() { d.read(path) })
			b.Icon = theme.FileIcon()
			b.Alignment = widget.ButtonAlignLeading
			d.items = append(d.items, b)
			objs = append(objs, tall(b))
		}
		if len(objs) == 0 {
			objs = append(objs, wrapped(i18n.L("ui.sync.receipt.none")))
		}
		d.found.Objects = objs
		d.found.Refresh()
		d.m.fit(720)
		if len(d.items) > 0 {
			u.win.Canvas().Focus(d.items[0])
		} else {
			u.win.Canvas().Focus(d.rescan)
		}
	})
}

// read reads the receipt at path in the background and shows what it says.
func (d *receiptDialog) read(path string) {
	sp := d.sp
	c := sp.cs.cell
	var rr cellsync.ReceiptResult
	var err error
	var names map[string]string
	started := sp.run(func(ctx context.Context) {
		if rr, err = cellsync.ReadReceipt(ctx, c, path); err == nil {
			names = conflictNames(ctx, c, rr.Receipt.Conflicts)
		}
	}, func() {
		d.rr, d.err, d.names = rr, err, names
		d.show()
		sp.reload()
	})
	if started {
		d.body.Objects = []fyne.CanvasObject{wrapped(i18n.L("ui.sync.receipt.reading"))}
		d.body.Refresh()
		d.m.d.SetButtons(nil)
	}
}

// show puts the outcome of reading the receipt in the dialog.
func (d *receiptDialog) show() {
	u := d.sp.cs.ui
	if err := d.err; err != nil {
		d.title.Importance = widget.DangerImportance
		d.title.SetText(i18n.L("ui.sync.receipt.refused_title"))
		d.lines.SetText(receiptErrorText(err))
		d.body.Objects = []fyne.CanvasObject{d.title, d.lines}
		d.body.Refresh()
		d.m.d.SetButtons([]fyne.CanvasObject{d.closeBtn})
		d.m.fit(720)
		u.win.Canvas().Focus(d.closeBtn)
		return
	}
	rr := d.rr
	r := rr.Receipt
	office := r.OfficeName
	if office == "" {
		office = d.sp.officeName()
	}
	var lines []string
	d.title.Importance = widget.SuccessImportance
	if rr.AlreadyRead {
		d.title.Importance = widget.MediumImportance
		lines = append(lines, i18n.L("ui.sync.receipt.already_read"))
	}
	key := "ui.sync.receipt.imported"
	if r.Status == payload.ReceiptAlreadyImported {
		key = "ui.sync.receipt.already_imported"
	}
	d.title.SetText(i18n.L(key, map[string]any{"Office": office, "Seq": r.Seq, "Date": dmy(r.Issued)}))
	n := r.Counts
	lines = append(lines, i18n.L("ui.sync.receipt.counts", map[string]any{"Members": n.Members, "Events": n.Events,
		"Meetings": n.Meetings, "Documents": n.Documents, "Unchanged": n.Unchanged}))
	switch {
	case len(r.Conflicts) == 0 && n.Conflicts == 0 && !rr.CaughtUp:
		lines = append(lines, i18n.L("ui.sync.receipt.all_ok"))
	case len(r.Conflicts) == 0 && n.Conflicts == 0:
		// After a catch-up everything travels again: "only what is newer" would be wrong.
	default:
		count := max(len(r.Conflicts), n.Conflicts)
		lines = append(lines, i18n.L("ui.sync.receipt.conflicts", map[string]any{"Count": count}))
		for _, c := range r.Conflicts {
			name := d.names[c.ID]
			if name == "" {
				name = i18n.L("ui.sync.receipt.conflict_id", map[string]any{"ID": shortHash(c.ID)})
			}
			lines = append(lines, i18n.L("ui.sync.receipt.conflict_line", map[string]any{
				"Kind": i18n.L("ui.sync.kind." + c.Kind), "Name": name, "Version": c.Version}))
		}
	}
	if r.ChainHead.Seq > 0 {
		lines = append(lines, i18n.L("ui.sync.receipt.chain", map[string]any{"Seq": r.ChainHead.Seq, "Hash": shortHash(r.ChainHead.Hash)}))
	}
	if rr.CaughtUp {
		lines = append(lines, i18n.L("ui.sync.receipt.caught_up", map[string]any{"Seq": r.Seq, "Next": r.Seq + 1}))
	}
	d.lines.SetText(strings.Join(lines, "\n"))
	objs := []fyne.CanvasObject{d.title, d.lines}
	if rr.ChainBehind {
		d.title.Importance = widget.WarningImportance
		objs = append(objs, &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance, TextStyle: fyne.TextStyle{Bold: true},
			Text: i18n.L("ui.sync.chain_behind", map[string]any{"Office": rr.OfficeHead, "Cell": rr.CellHead})})
	}
	buttons := []fyne.CanvasObject{d.closeBtn}
	focus := fyne.Focusable(d.closeBtn)
	if rr.PinnedNow {
		d.reason.SetText(i18n.L("ui.sync.receipt.first_compare"))
		d.fpr.SetText(rr.OfficeFingerprint)
		objs = append(objs, widget.NewSeparator(),
			&widget.Label{Text: i18n.L("ui.sync.receipt.first", map[string]any{"Office": office}), Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}},
			d.fpr, d.reason)
		buttons = []fyne.CanvasObject{d.differs, d.same}
		focus = d.same
	}
	d.body.Objects = objs
	d.body.Refresh()
	d.m.d.SetButtons(buttons)
	d.m.fit(720)
	u.win.Canvas().Focus(focus)
}

// conflictNames says what each record kept aside is, in her words: a member's name, the date
// of minutes. Records it cannot find are left out (the line then shows the id).
func conflictNames(ctx context.Context, c *store.Cell, conflicts []payload.Conflict) map[string]string {
	names := map[string]string{}
	for _, k := range conflicts {
		switch k.Kind {
		case payload.KindMember:
			if m, err := c.GetMember(ctx, k.ID); err == nil {
				names[k.ID] = m.FullName
			}
		case payload.KindMeeting:
			if m, err := c.GetMeeting(ctx, k.ID); err == nil {
				names[k.ID] = i18n.L("ui.sync.receipt.meeting_of", map[string]any{"Date": m.Date.DMY()})
			}
		}
	}
	return names
}

// shortHash is the first 12 characters of a hash, as the printed papers show it.
func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// receiptErrorText is the one sentence for a receipt that is refused: cellsync's for each
// refusal (damaged, forged, another office or cell, a bundle never sent, older than one
// read); anything else is logged.
func receiptErrorText(err error) string {
	if _, _, ok := store.MessageOf(err); ok {
		return errorText(err)
	}
	log.Printf("chibo: read receipt: %v", err)
	return i18n.L("ui.sync.receipt.err.other")
}

// ---- Keys ----

// sheetPaper is the enrolment sheet: the cell, its public key and fingerprint, and a place
// for the secretary's signature.
func (sp *syncPage) sheetPaper() paper {
	p := sp.cs.cell.Profile()
	e := documents.Enrolment{Profile: p, OfficeName: sp.state.Office.Name, PublicKey: sp.pub.String(),
		Fingerprint: bundle.Fingerprint(sp.pub), Date: sp.cs.ui.today()}
	return paper{what: i18n.L("ui.sync.paper.sheet"), file: p.Code + "-PHIEUDANGKY-KHOA.pdf",
		make: func(_ context.Context, w io.Writer) error { return documents.EnrolmentSheet(w, e, documents.Options{}) }}
}

// chooseKeyFolder asks where to save the public key file the office enrols (LUNGVAI.pub).
func (sp *syncPage) chooseKeyFolder() {
	if sp.busy || !sp.loaded {
		return
	}
	sp.cs.ui.folderDialog(i18n.L("ui.sync.keyfile.choose"), i18n.L("ui.save_pdf.here"), sp.saveKeyFile)
}

// saveKeyFile writes the public key file into dir, whole or not at all.
func (sp *syncPage) saveKeyFile(dir string) {
	u, p := sp.cs.ui, sp.cs.cell.Profile()
	text := cellsync.PublicKeyText(p.Code, p.Name, sp.pub.String())
	var path string
	var err error
	sp.run(func(context.Context) {
		path, err = writeFileAtomic(dir, p.Code+".pub", []byte(text))
	}, func() {
		if err != nil {
			u.inform(i18n.L("ui.sync.keyfile.title"), fileErrorText(err))
			return
		}
		u.inform(i18n.L("ui.sync.keyfile.title"), i18n.L("ui.sync.keyfile.done",
			map[string]any{"File": filepath.Base(path), "Folder": dir}))
	})
}

func (sp *syncPage) printSheet() {
	if sp.busy || !sp.loaded {
		return
	}
	sp.printBtn.Disable()
	sp.cs.ui.printPaper(sp.sheetPaper(), func() {
		if !sp.busy {
			sp.printBtn.Enable()
		}
	})
}

// chooseOfficeCard asks for the office's card file and loads it.
func (sp *syncPage) chooseOfficeCard() {
	if sp.busy {
		return
	}
	sp.cs.ui.fileDialog(i18n.L("ui.sync.card.file_title"), payload.OfficeCardExtension, func(path string) {
		sp.loadOfficeCard(path, false)
	})
}

// loadOfficeCard pins the office's keys from its card; when another key is pinned already it
// asks before replacing it.
func (sp *syncPage) loadOfficeCard(path string, replace bool) {
	u, c := sp.cs.ui, sp.cs.cell
	var err error
	var card payload.OfficeCard
	sp.run(func(ctx context.Context) {
		card, err = cellsync.LoadOfficeCard(ctx, c, path, replace)
	}, func() {
		title := i18n.L("ui.sync.card.title")
		switch {
		case errors.Is(err, cellsync.ErrOtherOffice) && !replace:
			u.confirm(i18n.L("ui.sync.card.replace_title"), errorText(err)+"\n\n"+i18n.L("ui.sync.card.replace"),
				i18n.L("ui.sync.card.keep"), i18n.L("ui.sync.card.replace_yes"), func() { sp.loadOfficeCard(path, true) })
		case err != nil:
			msg := i18n.L("ui.sync.card.err")
			if _, _, ok := store.MessageOf(err); ok {
				msg = errorText(err)
			} else {
				log.Printf("chibo: office card: %v", err)
			}
			u.inform(title, msg)
		default:
			fpr := ""
			if pub, err := payload.ParseSigningKey(card.SigningKey); err == nil {
				fpr = bundle.Fingerprint(pub)
			}
			u.inform(title, i18n.L("ui.sync.card.done", map[string]any{"Office": card.OfficeName, "Fingerprint": fpr}))
		}
		sp.reload()
	})
}

// reasonDialog asks why the key is changed (rotation) or made anew (reset), explaining what
// follows; its button leads to a last confirmation.
type reasonDialog struct {
	m      *modal
	reason *entry
	errMsg *widget.Label
	next   *button
	reset  bool
}

func (sp *syncPage) askReason(reset bool) {
	if sp.busy {
		return
	}
	u := sp.cs.ui
	prefix := "ui.sync.rotate."
	if reset {
		prefix = "ui.sync.reset."
	}
	d := &reasonDialog{reason: u.newEntry(), errMsg: errorLabel(), reset: reset}
	sp.reason = d
	d.reason.PlaceHolder = i18n.L(prefix + "reason_hint")
	submit := func() {
		r := strings.TrimSpace(d.reason.Text)
		if r == "" {
			setShown(d.errMsg, i18n.L("ui.sync.reason_missing"))
			d.m.fit(640)
			u.win.Canvas().Focus(d.reason)
			return
		}
		d.m.d.Hide()
		no, yes := i18n.L("ui.sync.rotate.no"), i18n.L("ui.sync.rotate.yes")
		if reset {
			no, yes = i18n.L("ui.sync.reset.no"), i18n.L("ui.sync.reset.yes")
		}
		u.confirm(i18n.L(prefix+"title"), i18n.L(prefix+"confirm"), no, yes, func() { sp.changeKey(reset, r) })
	}
	cancel := u.newButton(i18n.L("ui.cancel"), widget.MediumImportance, func() { d.m.d.Hide() })
	d.next = u.newButton(i18n.L("ui.sync.continue"), widget.HighImportance, submit)
	content := container.NewVBox(
		wrapped(i18n.L(prefix+"explain")),
		form(newField(i18n.L("ui.sync.reason"), d.reason)),
		d.errMsg,
	)
	d.m = u.showModal(i18n.L(prefix+"title"), content, []fyne.CanvasObject{cancel, d.next}, submit, nil, 640)
	u.win.Canvas().Focus(d.reason)
}

// changeKey rotates or resets the cell's key and says what to do next.
func (sp *syncPage) changeKey(reset bool, reason string) {
	u, c := sp.cs.ui, sp.cs.cell
	var err error
	var pub minisign.PublicKey
	sp.run(func(ctx context.Context) {
		if reset {
			err = c.ResetKey(ctx, reason)
		} else {
			err = c.RotateKey(ctx, reason)
		}
		if err == nil && reset {
			pub, err = c.PublicKey(ctx)
		}
	}, func() {
		title := i18n.L("ui.sync.rotate.title")
		if reset {
			title = i18n.L("ui.sync.reset.title")
		}
		switch {
		case err != nil:
			u.inform(title, errorText(err))
		case reset:
			u.inform(title, i18n.L("ui.sync.reset.done", map[string]any{"Fingerprint": bundle.Fingerprint(pub)}))
		default:
			u.inform(title, i18n.L("ui.sync.rotate.done"))
		}
		sp.reload()
	})
}
