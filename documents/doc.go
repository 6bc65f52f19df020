// Package documents prints the cell's papers (minutes, resolutions, the roster book) as PDF in
// the layout of Hướng dẫn 36-HD/VPTW: A4, the party heading in two columns, the type name and
// summary centred, justified body text, signature and "Nơi nhận" blocks. The papers are
// official and Vietnamese only, so the Vietnamese words they print are written here rather
// than in the translation files.
//
// A Doc is a small layout layer over go-pdf/fpdf. It flows blocks down the page and starts a
// new page when a block does not fit; every length is in millimetres and every font size in
// points. Text is set in the embedded Liberation Serif (metric-compatible with Times New Roman),
// never a system font, so the paper looks the same on every laptop.
package documents

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/go-pdf/fpdf"

	"chibo/assets"
)

// Page geometry of Hướng dẫn 36-HD/VPTW, in millimetres.
const (
	pageShort = 210.0
	pageLong  = 297.0

	marginTop    = 20.0
	marginBottom = 20.0
	marginLeft   = 30.0
	marginRight  = 15.0

	ptToMM = 25.4 / 72

	family = "serif"
)

// Options are the settings of a whole document, fixed when it is made.
type Options struct {
	// Created is the moment written into the PDF as its creation and modification date. The
	// zero value means now; a fixed time (the approval time of the record) makes the output
	// the same bytes every time the same content is printed.
	Created time.Time
	// Landscape turns the pages (the roster book). Landscape pages have narrower margins
	// (top and bottom 15 mm, left 20 mm, right 15 mm) to give the table room.
	Landscape bool
	// Title and Subject go into the PDF's properties.
	Title   string
	Subject string
	// FooterText, when not empty, is printed small at the bottom left of every page: a short
	// code that identifies the record.
	FooterText string
	// FooterQR, when not empty, is printed as a QR code at the bottom right of every page
	// (later: the approved record's hash). At most about 2,900 bytes fit in a QR code.
	FooterQR string
}

// Doc is a document being laid out. Its methods add blocks in reading order. The first error
// sticks: later calls do nothing, and Err and Write return it. A Doc is not safe for
// concurrent use.
type Doc struct {
	pdf  *fpdf.Fpdf
	opts Options
	err  error

	pageW, pageH             float64
	left, right, top, bottom float64
	y                        float64 // the top of the next block on the current page

	// closing remembers the last signature or recipients block, so that the other one can
	// be set beside it (see Signatures and Recipients).
	closing *closingBlock
	// pageHook, when set, runs after each new page is started by the flow (the table uses it
	// to repeat its header row).
	pageHook func()
	face     face   // the face selected in fpdf (see setFont)
	qrName   string // the registered image of the footer's QR code, when there is one
}

// New starts a document. Nothing is drawn until the first block is added.
func New(opts Options) *Doc {
	d := &Doc{opts: opts}
	orientation := "P"
	d.pageW, d.pageH = pageShort, pageLong
	d.left, d.right, d.top, d.bottom = marginLeft, marginRight, marginTop, marginBottom
	if opts.Landscape {
		orientation = "L"
		d.pageW, d.pageH = pageLong, pageShort
		d.left, d.right, d.top, d.bottom = 20, 15, 15, 15
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: orientation,
		UnitStr:        "mm",
		SizeStr:        "A4",
	})
	d.pdf = pdf
	pdf.SetMargins(d.left, d.top, d.right)
	// The flow breaks pages itself (it knows which blocks must stay together); fpdf's own
	// break would split them anywhere.
	pdf.SetAutoPageBreak(false, d.bottom)
	pdf.SetCatalogSort(true)
	created := opts.Created
	if created.IsZero() {
		created = time.Now()
	}
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetProducer("chibo", true)
	pdf.SetCreator("chibo", true)
	pdf.SetLang("vi-VN")
	if opts.Title != "" {
		pdf.SetTitle(clean(opts.Title), true)
	}
	if opts.Subject != "" {
		pdf.SetSubject(clean(opts.Subject), true)
	}
	for _, f := range []struct {
		style string
		data  []byte
	}{{"", assets.SerifRegular}, {"B", assets.SerifBold}, {"I", assets.SerifItalic}, {"BI", assets.SerifBoldItalic}} {
		pdf.AddUTF8FontFromBytes(family, f.style, f.data)
	}
	d.setFont(false, false, 14)
	pdf.SetLineCapStyle("butt")
	pdf.SetHeaderFuncMode(d.pageHeader, false)
	pdf.SetFooterFunc(d.pageFooter)
	if opts.FooterQR != "" {
		d.registerQR(opts.FooterQR)
	}
	d.y = d.top
	return d
}

// Err returns the first error met so far, or nil.
func (d *Doc) Err() error {
	if d.err != nil {
		return d.err
	}
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("documents: %w", err)
	}
	return nil
}

// Write finishes the document and writes the PDF to w. It returns the first error met while
// laying out or writing; on error nothing, or a partial file, has been written. A Doc can be
// written once.
func (d *Doc) Write(w io.Writer) (err error) {
	defer d.guard(&err)
	d.ensurePage()
	if err := d.Err(); err != nil {
		return err
	}
	// Render into memory first so a layout error never leaves half a file behind.
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return fmt.Errorf("documents: write pdf: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("documents: write pdf: %w", err)
	}
	return nil
}

// PageCount returns the number of pages laid out so far.
func (d *Doc) PageCount() int { return d.pdf.PageCount() }

// guard turns a panic inside fpdf into the document's error. The text handed to fpdf is
// cleaned first (see clean), so this is the last line of defence: a paper that cannot be
// printed must give the secretary a message, not close the program.
func (d *Doc) guard(errp *error) {
	if r := recover(); r != nil {
		if d.err == nil {
			d.err = fmt.Errorf("documents: layout failed: %v", r)
		}
		if errp != nil {
			*errp = d.err
		}
	}
}

// failed reports whether an error has already stopped the document.
func (d *Doc) failed() bool { return d.err != nil || d.pdf.Err() }

// setErr records err unless an earlier error is already recorded.
func (d *Doc) setErr(err error) {
	if d.err == nil {
		d.err = err
	}
}

// textWidth is the width between the margins.
func (d *Doc) textWidth() float64 { return d.pageW - d.left - d.right }

// limit is the lowest y a block may reach on a page.
func (d *Doc) limit() float64 { return d.pageH - d.bottom }

// ensurePage starts the first page if nothing has been drawn yet.
func (d *Doc) ensurePage() {
	if d.pdf.PageNo() == 0 {
		d.pdf.AddPage()
		d.y = d.top
	}
}

// newPage starts the next page and puts the flow at its top.
func (d *Doc) newPage() {
	d.pdf.AddPage()
	d.y = d.top
	d.closing = nil
	if d.pageHook != nil {
		d.pageHook()
	}
}

// need makes sure h millimetres are free below the flow, starting a new page if they are not
// (unless the page is still empty, where nothing better can be done).
func (d *Doc) need(h float64) {
	d.ensurePage()
	if d.y+h > d.limit()+0.01 && d.y > d.top+0.01 {
		d.newPage()
	}
}

// Space adds vertical space of h millimetres (none at the top of a page).
func (d *Doc) Space(h float64) {
	defer d.guard(nil)
	if d.failed() {
		return
	}
	d.ensurePage()
	d.closing = nil
	if d.y <= d.top+0.01 {
		return
	}
	d.y += h
	if d.y > d.limit() {
		d.newPage()
	}
}

// PageBreak starts a new page.
func (d *Doc) PageBreak() {
	defer d.guard(nil)
	if d.failed() {
		return
	}
	d.ensurePage()
	d.newPage()
}

// fontStyle is the fpdf style string of a face.
func fontStyle(bold, italic bool) string {
	switch {
	case bold && italic:
		return "BI"
	case bold:
		return "B"
	case italic:
		return "I"
	}
	return ""
}

// setFont selects a face of the document's family. fpdf writes a font change into the page
// every time it is asked, even for the face already selected, and measuring needs the face
// selected, so the current face is remembered here.
func (d *Doc) setFont(bold, italic bool, size float64) {
	f := face{fontStyle(bold, italic), size}
	if f == d.face {
		return
	}
	d.face = f
	d.pdf.SetFont(family, f.style, f.size)
}

// forgetFont makes the next setFont select its face again: fpdf restores its own current
// face after the page header and footer run, behind setFont's back.
func (d *Doc) forgetFont() { d.face = face{} }

// face is a style and size of the document's family.
type face struct {
	style string
	size  float64
}

// width measures s in the given face, in millimetres.
func (d *Doc) width(s string, bold, italic bool, size float64) float64 {
	d.setFont(bold, italic, size)
	return d.pdf.GetStringWidth(s)
}

// baseline is where text of size pt sits in a line box of height lh starting at top: the
// box is centred on the font's ascent and descent (Liberation Serif: 0.891 and 0.216 em).
func baseline(top, lh, size float64) float64 {
	em := size * ptToMM
	return top + (lh-1.107*em)/2 + 0.891*em
}

// lineHeight is the height of one line of size pt at the spacing factor.
func lineHeight(size, spacing float64) float64 { return size * ptToMM * spacing }

// hline draws a horizontal rule of the given thickness.
func (d *Doc) hline(x1, x2, y, thick float64) {
	d.pdf.SetLineWidth(thick)
	d.pdf.Line(x1, y, x2, y)
}
